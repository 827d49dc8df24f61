namespace OrthoRegen.Instruments.Isncsci;

/// <summary>
/// What one side's values can still be, as the classification rules see them. A tested value allows one class; NT
/// allows every class. The rules only ever ask whether a dermatome is normal, whether S4-5 light touch / pin prick is
/// 0, 1 or 2, and which of four grade classes a key muscle is in, so those are the classes kept.
/// </summary>
/// <remarks>
/// Each narrowing returns a copy. Every set of constraints here is a product (each item's allowed classes are
/// independent of the others), which is what makes <see cref="IsncsciPossibilities"/> exact.
/// </remarks>
internal sealed class SideDomain
{
    // Dermatome classes (C2 … S3; S4-5 is kept in Sacral because its 0/1/2 value matters for sacral sparing).
    public const byte Normal = 1, Abnormal = 2;

    // Key-muscle grade classes: 0 | 1–2 (function, not against gravity) | 3–4 | 5.
    public const byte Absent = 1, Weak = 2, AntiGravity = 4, Full = 8, AnyFunction = Weak | AntiGravity | Full;

    /// <summary>Bit (3·LT + PP) for each allowed S4-5 pair; bit 8 is LT = PP = 2 (a normal S4-5 dermatome).</summary>
    const int SacralAll = 0x1FF, SacralNormal = 1 << 8, SacralAbsent = 1;

    const int SacralDermatome = IsncsciSegments.DermatomeCount - 1;

    readonly byte[] _dermatomes;
    readonly byte[] _muscles;

    SideDomain(byte[] dermatomes, int sacral, byte[] muscles, int? nonKeySegment)
    {
        _dermatomes = dermatomes;
        Sacral = sacral;
        _muscles = muscles;
        NonKeyMuscleSegment = nonKeySegment;
    }

    public int Sacral { get; }

    /// <summary>Segment of the lowest non-key muscle with motor function, or null.</summary>
    public int? NonKeyMuscleSegment { get; }

    public IReadOnlyList<byte> Muscles => _muscles;

    public static SideDomain From(IsncsciSide side)
    {
        var dermatomes = new byte[SacralDermatome];
        for (var d = 0; d < SacralDermatome; d++)
        {
            var lt = side.LightTouch[d]!.Value;
            var pp = side.PinPrick[d]!.Value;
            byte mask = 0;
            if (CanBe(lt, 2) && CanBe(pp, 2)) mask |= Normal;
            if (CanBeBelow2(lt) || CanBeBelow2(pp)) mask |= Abnormal;
            dermatomes[d] = mask;
        }
        var sacral = 0;
        for (var lt = 0; lt <= 2; lt++)
            for (var pp = 0; pp <= 2; pp++)
                if (CanBe(side.LightTouch[SacralDermatome]!.Value, lt) && CanBe(side.PinPrick[SacralDermatome]!.Value, pp))
                    sacral |= 1 << (3 * lt + pp);
        var muscles = new byte[IsncsciSegments.KeyMuscleCount];
        for (var m = 0; m < muscles.Length; m++)
            muscles[m] = side.Motor[m]!.Value.Grade switch
            {
                null => Absent | AnyFunction,
                0 => Absent,
                1 or 2 => Weak,
                3 or 4 => AntiGravity,
                _ => Full,
            };
        var nonKey = side.LowestNonKeyMuscle is null ? null : IsncsciSegments.MyotomeSegment(side.LowestNonKeyMuscle);
        return new SideDomain(dermatomes, sacral, muscles, nonKey);
    }

    static bool CanBe(IsncsciValue v, int grade) => v.Grade is null || v.Grade == grade;
    static bool CanBeBelow2(IsncsciValue v) => v.Grade is null or < 2;

    public bool CanBeNormal(int dermatome) =>
        dermatome == SacralDermatome ? (Sacral & SacralNormal) != 0 : (_dermatomes[dermatome] & Normal) != 0;

    public bool CanBeAbnormal(int dermatome) =>
        dermatome == SacralDermatome ? (Sacral & ~SacralNormal & SacralAll) != 0 : (_dermatomes[dermatome] & Abnormal) != 0;

    public SideDomain WithNormal(int dermatome) => WithDermatome(dermatome, Normal);
    public SideDomain WithAbnormal(int dermatome) => WithDermatome(dermatome, Abnormal);

    SideDomain WithDermatome(int dermatome, byte cls)
    {
        if (dermatome == SacralDermatome)
            return new SideDomain(_dermatomes, Sacral & (cls == Normal ? SacralNormal : SacralAll & ~SacralNormal), _muscles, NonKeyMuscleSegment);
        var copy = (byte[])_dermatomes.Clone();
        copy[dermatome] &= cls;
        return new SideDomain(copy, Sacral, _muscles, NonKeyMuscleSegment);
    }

    public bool Can(int muscle, byte classes) => (_muscles[muscle] & classes) != 0;

    public SideDomain With(int muscle, byte classes)
    {
        var copy = (byte[])_muscles.Clone();
        copy[muscle] &= classes;
        return new SideDomain(_dermatomes, Sacral, copy, NonKeyMuscleSegment);
    }

    /// <summary>S4-5 light touch and pin prick can both be 0 on this side.</summary>
    public bool CanHaveNoSacralSensation => (Sacral & SacralAbsent) != 0;

    /// <summary>S4-5 light touch or pin prick can be 1 or 2 on this side.</summary>
    public bool CanHaveSacralSensation => (Sacral & SacralAll & ~SacralAbsent) != 0;

    /// <summary>Everything later rules read, packed so that equal scenarios can be merged.</summary>
    public long Fingerprint()
    {
        long key = Sacral;
        foreach (var m in _muscles) key = (key << 4) | m;
        return key;
    }
}

/// <summary>One way a side can come out: its sensory level, its motor level before the VAC rule, and what that needs.</summary>
internal sealed record SideScenario(int SensoryLevel, int MotorLevelWithoutVac, SideDomain Domain)
{
    /// <summary>INSTRUMENTS.md section 9: "motor level S3 if everything is normal but VAC is absent".</summary>
    public int MotorLevel(bool vac) => MotorLevelWithoutVac == IsncsciSegments.Intact && !vac ? IsncsciSegments.S3 : MotorLevelWithoutVac;
}

/// <summary>
/// The classification as sets of possible values. With no NT every set has one member; with NT values each set holds
/// exactly the values some assignment of the NT items would give, so a one-member set is a determined result and a
/// larger set is "not determinable", never a guess.
/// </summary>
/// <remarks>
/// Method: each side's level scan (<see cref="Scenarios"/>) splits the NT items' possibilities into disjoint cases, one
/// per sensory and motor level, each a product of per-item class sets. The AIS rules are then decided exactly for each
/// pair of right and left cases (<see cref="AddGrades"/>). The scan follows the reference algorithm
/// (GitHub praxis-isncsci/algorithm, <c>src/classification/neurologicalLevels/</c>), which spells out the 2019 rules
/// of INSTRUMENTS.md section 9 level by level.
/// </remarks>
internal sealed record IsncsciPossibilities(
    IReadOnlySet<int> SensoryLevelR, IReadOnlySet<int> SensoryLevelL,
    IReadOnlySet<int> MotorLevelR, IReadOnlySet<int> MotorLevelL,
    IReadOnlySet<int> Nli, IReadOnlySet<bool> Complete, IReadOnlySet<char> Ais)
{
    public static IsncsciPossibilities Of(IsncsciExam exam)
    {
        var vac = exam.Vac ?? throw new ArgumentException("VAC is missing.", nameof(exam));
        var dap = exam.Dap ?? throw new ArgumentException("DAP is missing.", nameof(exam));
        var right = Scenarios(SideDomain.From(exam.Right)).Select(s => SideSummary.Of(s, vac)).Distinct().ToList();
        var left = Scenarios(SideDomain.From(exam.Left)).Select(s => SideSummary.Of(s, vac)).Distinct().ToList();

        var nli = new SortedSet<int>();
        var complete = new SortedSet<bool>(Comparer<bool>.Create((a, b) => b.CompareTo(a))); // "complete or incomplete"
        var ais = new SortedSet<char>();
        foreach (var r in right)
            foreach (var l in left)
            {
                // NLI: the most rostral of the four side levels; VAC is not used for the NLI (section 9).
                var level = Math.Min(Math.Min(r.SensoryLevel, l.SensoryLevel), Math.Min(r.MotorLevelWithoutVac, l.MotorLevelWithoutVac));
                nli.Add(level);
                AddGrades(r, l, level, vac, dap, complete, ais);
            }
        return new IsncsciPossibilities(
            new SortedSet<int>(right.Select(s => s.SensoryLevel)), new SortedSet<int>(left.Select(s => s.SensoryLevel)),
            new SortedSet<int>(right.Select(s => s.MotorLevel)), new SortedSet<int>(left.Select(s => s.MotorLevel)),
            nli, complete, ais);
    }

    /// <summary>Every (sensory level, motor level) case of one side, merged where the later rules cannot tell them apart.</summary>
    internal static List<SideScenario> Scenarios(SideDomain side)
    {
        var seen = new HashSet<(int, int, long)>();
        var result = new List<SideScenario>();
        foreach (var (sensory, afterSensory) in SensoryLevels(side))
            foreach (var (motor, afterMotor) in MotorLevels(afterSensory))
                if (seen.Add((sensory, motor, afterMotor.Fingerprint())))
                    result.Add(new SideScenario(sensory, motor, afterMotor));
        return result;
    }

    /// <summary>
    /// Sensory level (section 9): the most caudal dermatome with normal (2) light touch and pin prick, all rostral
    /// dermatomes normal too; C1 when C2 is abnormal; INT when C2 … S4-5 are all normal.
    /// </summary>
    static IEnumerable<(int Level, SideDomain Domain)> SensoryLevels(SideDomain side)
    {
        for (var d = 0; d < IsncsciSegments.DermatomeCount; d++)
        {
            // Dermatome d is segment d + 1, so an abnormal dermatome d puts the level at segment d.
            if (side.CanBeAbnormal(d)) yield return (d, side.WithAbnormal(d));
            if (!side.CanBeNormal(d)) yield break;
            side = side.WithNormal(d);
        }
        yield return (IsncsciSegments.Intact, side);
    }

    /// <summary>
    /// Motor level (section 9), before the VAC rule: the lowest key muscle graded 3 or more with every key muscle
    /// above graded 5; through C1–C4, T2–L1 and S2–S5, where no key muscle exists, it follows sensation. Step by step,
    /// as the reference algorithm scans (each step looks at the next segment):
    /// C1–C3, T2–T12, S2–S3: the next dermatome must be normal to go on.
    /// C4, L1: the first key muscle below (C5, L2) must be 3 or more to go on.
    /// C5–C8, L2–L5: this muscle must be 5 and the next 3 or more to go on.
    /// T1, S1: this muscle must be 5 and sensation C5–T2 (for T1) or L2–S2 (for S1) normal to go on.
    /// Passing S3 gives INT.
    /// </summary>
    static IEnumerable<(int Level, SideDomain Domain)> MotorLevels(SideDomain side)
    {
        for (var segment = IsncsciSegments.C1; segment <= IsncsciSegments.S3; segment++)
        {
            var stops = new List<SideDomain>();
            SideDomain? next;
            switch (StepAt(segment))
            {
                case Step.Sensation:
                    next = Sensation(side, segment, stops);
                    break;
                case Step.BeforeKeyMuscles:
                    var first = segment == 3 ? 0 : 5;
                    if (side.Can(first, SideDomain.Absent | SideDomain.Weak)) stops.Add(side.With(first, SideDomain.Absent | SideDomain.Weak));
                    next = side.Can(first, SideDomain.AntiGravity | SideDomain.Full) ? side.With(first, SideDomain.AntiGravity | SideDomain.Full) : null;
                    break;
                case Step.KeyMuscle:
                    var m = segment <= 7 ? segment - 4 : segment - 16;
                    // This muscle is already known to be 3 or more (the previous step checked it).
                    if (side.Can(m, SideDomain.AntiGravity)) stops.Add(side.With(m, SideDomain.AntiGravity));
                    if (side.Can(m, SideDomain.Full) && side.Can(m + 1, SideDomain.Absent | SideDomain.Weak))
                        stops.Add(side.With(m, SideDomain.Full).With(m + 1, SideDomain.Absent | SideDomain.Weak));
                    next = side.Can(m, SideDomain.Full) && side.Can(m + 1, SideDomain.AntiGravity | SideDomain.Full)
                        ? side.With(m, SideDomain.Full).With(m + 1, SideDomain.AntiGravity | SideDomain.Full)
                        : null;
                    break;
                default: // Step.EndOfKeyMuscles
                    var last = segment == 8 ? 4 : 9;
                    if (side.Can(last, SideDomain.AntiGravity)) stops.Add(side.With(last, SideDomain.AntiGravity));
                    next = null;
                    if (side.Can(last, SideDomain.Full))
                    {
                        // Dermatomes C5–T2 are indices 3–8; L2–S2 are 20–25.
                        next = side.With(last, SideDomain.Full);
                        var from = segment == 8 ? 3 : 20;
                        for (var d = from; d <= from + 5 && next is not null; d++)
                        {
                            if (next.CanBeAbnormal(d)) stops.Add(next.WithAbnormal(d));
                            next = next.CanBeNormal(d) ? next.WithNormal(d) : null;
                        }
                    }
                    break;
            }
            foreach (var stop in stops) yield return (segment, stop);
            if (next is null) yield break;
            side = next;
        }
        yield return (IsncsciSegments.Intact, side);
    }

    static SideDomain? Sensation(SideDomain side, int segment, List<SideDomain> stops)
    {
        // The next segment's dermatome has index = this segment's index.
        if (side.CanBeAbnormal(segment)) stops.Add(side.WithAbnormal(segment));
        return side.CanBeNormal(segment) ? side.WithNormal(segment) : null;
    }

    enum Step { Sensation, BeforeKeyMuscles, KeyMuscle, EndOfKeyMuscles }

    static Step StepAt(int segment) => segment switch
    {
        3 or 20 => Step.BeforeKeyMuscles,   // C4, L1
        >= 4 and <= 7 => Step.KeyMuscle,     // C5–C8
        >= 21 and <= 24 => Step.KeyMuscle,   // L2–L5
        8 or 25 => Step.EndOfKeyMuscles,     // T1, S1
        _ => Step.Sensation,                 // C1–C3, T2–T12, S2–S3
    };

    /// <summary>
    /// Completeness and AIS (section 9) for one right/left case, every possibility of its NT items included.
    /// Complete = VAC absent, DAP absent and S4-5 light touch = pin prick = 0 on both sides → A.
    /// E = NLI INT with VAC present (the reference rules). Otherwise, when incomplete: B when no motor function
    /// (key muscle &gt; 0 or the lowest non-key muscle) lies more than three levels below the motor level on either side
    /// and VAC is absent; motor incomplete otherwise, then C when fewer than half of the key muscles below the NLI (both
    /// sides) grade 3 or more, D when at least half do (D also when no key muscle lies below the NLI).
    /// </summary>
    static void AddGrades(SideSummary r, SideSummary l, int nli, bool vac, bool dap, ISet<bool> complete, ISet<char> ais)
    {
        var canBeComplete = !vac && !dap && r.CanHaveNoSacralSensation && l.CanHaveNoSacralSensation;
        var canBeIncomplete = vac || dap || r.CanHaveSacralSensation || l.CanHaveSacralSensation;
        if (canBeComplete) complete.Add(true);
        if (canBeIncomplete) complete.Add(false);

        if (nli == IsncsciSegments.Intact && vac)
        {
            ais.Add('E');
            return;
        }
        if (canBeComplete) ais.Add('A');
        if (!canBeIncomplete) return;

        // Below here the injury is incomplete, and the S4-5 items that made it so are independent of the muscles.
        var functionForced = r.FunctionBelowForced || l.FunctionBelowForced;
        if (!vac && !functionForced) ais.Add('B');

        var motorIncompletePossible = vac || r.FunctionBelowPossible || l.FunctionBelowPossible;
        if (!motorIncompletePossible || nli == IsncsciSegments.Intact) return;

        // Key muscles below the single NLI, both sides; "half" is the number per side.
        var below = MusclesBelow[nli];
        var half = BitCount(below);
        var forcedCount = BitCount(r.ForcedAntiGravity & below) + BitCount(l.ForcedAntiGravity & below);
        var maxCount = BitCount(r.MaybeAntiGravity & below) + BitCount(l.MaybeAntiGravity & below);

        // D: grade every muscle that may be 3+ as 3+; that only adds motor function, so motor incompleteness holds.
        if (maxCount >= half) ais.Add('D');

        // C: grade as few as possible 3+, but keep one source of motor function if nothing forces it.
        var minCount = forcedCount;
        if (!vac && !functionForced) minCount += Math.Min(r.CheapestFunction(below), l.CheapestFunction(below));
        if (minCount < half) ais.Add('C');
    }

    static int BitCount(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    /// <summary>For each NLI segment, the key muscles (bit m = key muscle m) strictly below it.</summary>
    static readonly int[] MusclesBelow = Enumerable.Range(0, IsncsciSegments.Intact + 1)
        .Select(nli => Enumerable.Range(0, IsncsciSegments.KeyMuscleCount)
            .Where(m => IsncsciSegments.KeyMuscleSegments[m] > nli).Sum(m => 1 << m))
        .ToArray();

    /// <summary>
    /// What the AIS rules need from one side's case, as bit sets over the 10 key muscles (bit m = key muscle m), so
    /// equal summaries merge and each right/left pair is decided without allocating.
    /// </summary>
    /// <param name="MotorLevel">After the VAC rule.</param>
    /// <param name="FunctionBelowForced">Motor function more than three levels below the motor level in every assignment: a key muscle at least four segments below graded above 0, or the lowest non-key muscle that far down.</param>
    /// <param name="FunctionBelowPossible">… in some assignment.</param>
    /// <param name="ForcedAntiGravity">Muscles graded 3+ in every assignment.</param>
    /// <param name="MaybeAntiGravity">Muscles graded 3+ in some assignment.</param>
    /// <param name="Candidates">Muscles far enough below that may show function (used when nothing forces it).</param>
    /// <param name="WeakCandidates">Candidates that may be 1–2: function without adding to the 3+ count.</param>
    readonly record struct SideSummary(
        int SensoryLevel, int MotorLevelWithoutVac, int MotorLevel,
        bool CanHaveNoSacralSensation, bool CanHaveSacralSensation,
        bool FunctionBelowForced, bool FunctionBelowPossible,
        int ForcedAntiGravity, int MaybeAntiGravity, int Candidates, int WeakCandidates)
    {
        public static SideSummary Of(SideScenario s, bool vac)
        {
            var motorLevel = s.MotorLevel(vac);
            var from = motorLevel + 4;
            var d = s.Domain;
            var nonKey = d.NonKeyMuscleSegment >= from;
            bool forced = nonKey, possible = nonKey;
            int forcedAg = 0, maybeAg = 0, candidates = 0, weak = 0;
            for (var m = 0; m < IsncsciSegments.KeyMuscleCount; m++)
            {
                if (!d.Can(m, SideDomain.Absent | SideDomain.Weak)) forcedAg |= 1 << m;
                if (d.Can(m, SideDomain.AntiGravity | SideDomain.Full)) maybeAg |= 1 << m;
                if (IsncsciSegments.KeyMuscleSegments[m] < from) continue;
                if (!d.Can(m, SideDomain.Absent)) forced = true;
                if (!d.Can(m, SideDomain.AnyFunction)) continue;
                possible = true;
                candidates |= 1 << m;
                if (d.Can(m, SideDomain.Weak)) weak |= 1 << m;
            }
            return new SideSummary(s.SensoryLevel, s.MotorLevelWithoutVac, motorLevel,
                d.CanHaveNoSacralSensation, d.CanHaveSacralSensation, forced, possible, forcedAg, maybeAg, candidates, weak);
        }

        /// <summary>
        /// The fewest extra muscles graded 3+ below the NLI that giving one candidate function costs: 0 when one may be
        /// 1–2 or lies at or above the NLI, 1 otherwise, and a large number when there is no candidate.
        /// </summary>
        public int CheapestFunction(int below) =>
            Candidates == 0 ? int.MaxValue / 2 : (WeakCandidates | (Candidates & ~below)) != 0 ? 0 : 1;
    }
}

using OrthoRegen.Instruments.Isncsci;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>
/// Two checks on random injury-like exams (fixed seeds, so a failure names a reproducible exam):
/// 1. every fully tested exam classifies as <see cref="LiteralRules"/>, a second, deliberately different reading of
///    INSTRUMENTS.md section 9 (levels as "the most caudal segment whose own rule and every rostral rule hold");
/// 2. with 1–3 NT values, each property equals the value every completion agrees on, or is null with a reason naming
///    exactly the values the completions give (each NT replaced by every grade it could be: 0–2 or 0–5).
/// </summary>
public partial class IsncsciClassifierTests
{
    static readonly string[] Dermatomes =
    [
        "C2", "C3", "C4", "C5", "C6", "C7", "C8", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11",
        "T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4_5",
    ];

    static readonly string[] Muscles = ["C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"];
    static readonly int[] MuscleSegments = [4, 5, 6, 7, 8, 21, 22, 23, 24, 25];

    /// <summary>
    /// An injury profile for the whole exam (0 complete, 1 sensory incomplete, 2 weak motor, 3 strong motor), then per
    /// side a random first abnormal dermatome: normal above it; below it sensation and key muscles drawn to suit the
    /// profile (with the odd twitch or spared point, so B/C and C/D boundaries come up); S4-5, VAC, DAP and a non-key
    /// muscle drawn likewise.
    /// </summary>
    static ExamBuilder RandomExam(Random rng)
    {
        var profile = rng.Next(4);
        var exam = ExamBuilder.Intact();
        foreach (var side in new[] { "R", "L" })
        {
            var injury = rng.Next(0, 30); // 28 or 29: no abnormal dermatome on this side
            for (var d = injury; d < Dermatomes.Length; d++)
            {
                int Point() => profile <= 1 ? (rng.Next(4) == 0 ? 1 : 0) : rng.Next(3);
                exam.Set($"{side}_LT_{Dermatomes[d]}", Point()).Set($"{side}_PP_{Dermatomes[d]}", Point());
            }
            for (var m = 0; m < Muscles.Length; m++)
            {
                var above = MuscleSegments[m] <= injury && rng.Next(5) > 0;
                var grade = above ? 5 : profile switch
                {
                    0 or 1 => rng.Next(12) == 0 ? rng.Next(1, 6) : 0,
                    2 => rng.Next(0, 4),
                    _ => rng.Next(2, 6),
                };
                exam.Set($"{side}_M_{Muscles[m]}", grade);
            }
            if (profile == 0 ? rng.Next(10) > 0 : rng.Next(3) == 0) exam.Set($"{side}_LT_S4_5", 0).Set($"{side}_PP_S4_5", 0);
            if (rng.Next(4) == 0) exam.Set($"{side}_NKM", Muscles[rng.Next(Muscles.Length)]);
        }
        var vac = profile <= 1 ? rng.Next(10) == 0 : rng.Next(5) < 2;
        var dap = profile == 0 ? rng.Next(10) == 0 : rng.Next(2) == 0;
        return exam.Anal(vac, dap);
    }

    [Theory]
    [InlineData(1_000)]   // seeds 1000–1499
    [InlineData(2_000)]   // seeds 2000–2499
    [InlineData(3_000)]   // seeds 3000–3499
    public void Classify_RandomTestedExam_MatchesLiteralRules(int firstSeed)
    {
        for (var seed = firstSeed; seed < firstSeed + 500; seed++)
        {
            var exam = RandomExam(new Random(seed)).Exam();

            var c = IsncsciClassifier.Classify(exam).Classification;

            Assert.True(LiteralRules.Classify(exam) == (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais),
                $"seed {seed}: literal {LiteralRules.Classify(exam)} vs {(c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais)}");
        }
    }

    [Theory]
    [InlineData(10_000)]  // seeds 10000–10299
    [InlineData(20_000)]  // seeds 20000–20299
    public void Classify_RandomExamWithNotTestable_MatchesEveryCompletion(int firstSeed)
    {
        var codes = IsncsciItems.Codes.Where(c => c.Contains("_M_") || c.Contains("_LT_") || c.Contains("_PP_")).ToArray();
        for (var seed = firstSeed; seed < firstSeed + 300; seed++)
        {
            var rng = new Random(seed);
            var exam = RandomExam(rng);
            // Half of the NT values land on S4-5, the rest anywhere.
            var nt = Enumerable.Range(0, 1 + rng.Next(3))
                .Select(_ => rng.Next(2) == 0 ? $"{"RL"[rng.Next(2)]}_{(rng.Next(2) == 0 ? "LT" : "PP")}_S4_5" : codes[rng.Next(codes.Length)])
                .Distinct().ToArray();
            foreach (var code in nt) exam.Set(code, "NT");

            var c = exam.Classify();

            var completions = Completions(exam, nt).Select(e => e.Classify()).ToList();
            Assert.All(completions, x => Assert.Empty(x.NotDeterminable));
            Check("sensory_level_R", c.SensoryLevelR, completions.Select(x => x.SensoryLevelR!));
            Check("sensory_level_L", c.SensoryLevelL, completions.Select(x => x.SensoryLevelL!));
            Check("motor_level_R", c.MotorLevelR, completions.Select(x => x.MotorLevelR!));
            Check("motor_level_L", c.MotorLevelL, completions.Select(x => x.MotorLevelL!));
            Check("nli", c.Nli, completions.Select(x => x.Nli!));
            Check("complete", c.Complete is null ? null : c.Complete.Value ? "complete" : "incomplete",
                completions.Select(x => x.Complete!.Value ? "complete" : "incomplete"));
            Check("ais", c.Ais, completions.Select(x => x.Ais!));

            void Check(string field, string? actual, IEnumerable<string> possible)
            {
                var values = possible.ToHashSet();
                var reason = c.NotDeterminable.SingleOrDefault(r => r.StartsWith(field + " ", StringComparison.Ordinal));
                if (values.Count == 1)
                {
                    Assert.True(values.Single() == actual && reason is null, $"seed {seed} {field}: {actual} vs {values.Single()}");
                }
                else
                {
                    Assert.True(actual is null && reason is not null, $"seed {seed} {field}: {actual} though {string.Join(",", values)} possible");
                    var listed = reason!.Split("allow ")[1].TrimEnd('.').Replace(" or ", ", ").Split(", ");
                    Assert.True(values.SetEquals(listed), $"seed {seed} {field}: reason lists {string.Join(",", listed)}, completions {string.Join(",", values)}");
                }
            }
        }
    }

    static IEnumerable<ExamBuilder> Completions(ExamBuilder exam, string[] nt)
    {
        IEnumerable<ExamBuilder> all = [exam];
        foreach (var code in nt)
        {
            var max = code.Contains("_M_") ? 5 : 2;
            var c = code;
            all = all.SelectMany(e => Enumerable.Range(0, max + 1).Select(g => e.Copy().Set(c, g)));
        }
        return all;
    }

    /// <summary>
    /// INSTRUMENTS.md section 9 read literally, for fully tested exams. Segments: C1 = 0 … S3 = 27, INT = 28.
    /// </summary>
    static class LiteralRules
    {
        public static (string, string, string, string, string, bool?, string) Classify(IsncsciExam exam)
        {
            var vac = exam.Vac!.Value;
            var dap = exam.Dap!.Value;
            int slR = Sensory(exam.Right), slL = Sensory(exam.Left);
            int mlR = Motor(exam.Right, vac), mlL = Motor(exam.Left, vac);
            // NLI: most rostral of the four levels, VAC not used.
            var nli = new[] { slR, slL, Motor(exam.Right, true), Motor(exam.Left, true) }.Min();
            var sacral = new[] { exam.Right.LightTouch[27], exam.Right.PinPrick[27], exam.Left.LightTouch[27], exam.Left.PinPrick[27] }
                .Select(v => v!.Value.Grade!.Value).ToArray();
            var complete = !vac && !dap && sacral.All(g => g == 0);

            string ais;
            if (nli == 28 && vac) ais = "E";
            else if (complete) ais = "A";
            else if (!vac && !FunctionBelow(exam.Right, mlR) && !FunctionBelow(exam.Left, mlL)) ais = "B";
            else
            {
                var below = Enumerable.Range(0, 10).Where(m => MuscleSegments[m] > nli).ToList();
                var strong = below.Count(m => G(exam.Right.Motor[m]) >= 3) + below.Count(m => G(exam.Left.Motor[m]) >= 3);
                // "At least half" of the 2 × below.Count key muscles.
                ais = strong >= below.Count ? "D" : "C";
            }
            return (Name(slR), Name(slL), Name(mlR), Name(mlL), Name(nli), complete, ais);
        }

        static string Name(int segment) => segment == 28 ? "INT" : segment == 0 ? "C1" : Dermatomes[segment - 1];

        static int G(IsncsciValue? v) => v!.Value.Grade!.Value;

        static bool NormalDermatome(IsncsciSide s, int d) => G(s.LightTouch[d]) == 2 && G(s.PinPrick[d]) == 2;

        /// <summary>Sensation normal in every dermatome from C2 down to segment <paramref name="through"/>.</summary>
        static bool NormalSensationThrough(IsncsciSide s, int through) => Enumerable.Range(0, through).All(d => NormalDermatome(s, d));

        static int Sensory(IsncsciSide s) => Enumerable.Range(0, 28).FirstOrDefault(d => !NormalDermatome(s, d), 28);

        /// <summary>Key muscles rostral to <paramref name="segment"/> all 5.</summary>
        static bool NormalMusclesAbove(IsncsciSide s, int segment) => Enumerable.Range(0, 10).Where(m => MuscleSegments[m] < segment).All(m => G(s.Motor[m]) == 5);

        /// <summary>
        /// The motor level is the most caudal segment that passes its own test with every rostral segment passing too.
        /// A key-muscle segment passes when its muscle is 3+ and all muscles above are 5, with C2–C4 (for C5–T1) or
        /// C2–L1 (for L2–S1) sensation normal; a segment without key muscle passes when sensation from C2 through it
        /// is normal and every key muscle above it is 5. INT needs everything normal and VAC; else the level stops at S3.
        /// </summary>
        static int Motor(IsncsciSide s, bool vac)
        {
            bool Passes(int segment)
            {
                var m = Array.IndexOf(MuscleSegments, segment);
                if (m >= 0)
                    return G(s.Motor[m]) >= 3 && NormalMusclesAbove(s, segment) && NormalSensationThrough(s, segment < 20 ? 3 : 20);
                if (segment == 28) return vac && NormalSensationThrough(s, 28) && NormalMusclesAbove(s, 28);
                return NormalSensationThrough(s, segment) && NormalMusclesAbove(s, segment);
            }
            var level = 0;
            while (level < 28 && Passes(level + 1)) level++;
            return level;
        }

        /// <summary>Any key muscle graded above 0, or the lowest non-key muscle, at least four segments below the motor level.</summary>
        static bool FunctionBelow(IsncsciSide s, int motorLevel)
        {
            var nonKey = s.LowestNonKeyMuscle is { } n ? MuscleSegments[Array.IndexOf(Muscles, n)] : -1;
            return nonKey >= motorLevel + 4 || Enumerable.Range(0, 10).Any(m => MuscleSegments[m] >= motorLevel + 4 && G(s.Motor[m]) > 0);
        }
    }
}

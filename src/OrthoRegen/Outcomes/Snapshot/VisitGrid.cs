using System.Buffers.Binary;
using OrthoRegen.FollowUp;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>
/// The analysis visits of the schedule as offsets from Day 0, and the visit assignment of <see cref="Trajectories.Assign"/>
/// for observations given as (day, value) pairs of a snapshot blob. Every visit's target and window are a fixed number of
/// days from Day 0 (<see cref="ScheduleDefinition.Generate"/>), so which visit a date is assigned to depends only on its
/// distance from Day 0: <see cref="VisitAssignment.Assign"/> is asked once per distinct distance (on the visits of a
/// reference Day 0) and the answer reused for every member. No object per member or observation.
/// </summary>
public sealed class VisitGrid
{
    static readonly DateOnly Reference = new(2000, 1, 1);
    readonly IReadOnlyList<PlannedVisit> _visits;
    readonly double _factor;
    readonly Dictionary<int, int> _memo = [];

    public VisitGrid(ScheduleDefinition schedule)
    {
        _visits = Trajectories.AnalysisVisits(schedule, Reference);
        _factor = schedule.AnalysisWindowFactor.Value;
        Codes = _visits.Select(v => v.Code).ToArray();
        Seq = _visits.Select(v => v.Seq).ToArray();
        Target = _visits.Select(v => v.Target.DayNumber - Reference.DayNumber).ToArray();
        WindowStart = _visits.Select(v => v.Window.Start.DayNumber - Reference.DayNumber).ToArray();
        WindowEnd = _visits.Select(v => v.Window.End.DayNumber - Reference.DayNumber).ToArray();
        Baseline = Array.IndexOf(Codes, Trajectories.Baseline);
    }

    public int Count => Codes.Length;
    public string[] Codes { get; }
    public int[] Seq { get; }
    /// <summary>Target day of each visit, days from Day 0.</summary>
    public int[] Target { get; }
    public int[] WindowStart { get; }
    public int[] WindowEnd { get; }
    /// <summary>Index of BASE, −1 when the schedule has none.</summary>
    public int Baseline { get; }

    public int IndexOf(string code) => Array.IndexOf(Codes, code);

    /// <summary>The visit an observation <paramref name="relativeDay"/> days from Day 0 is assigned to; −1 = none.</summary>
    public int Assign(int relativeDay)
    {
        if (_memo.TryGetValue(relativeDay, out var index)) return index;
        var code = VisitAssignment.Assign(_visits, Reference.AddDays(relativeDay), _factor);
        index = code is null ? -1 : IndexOf(code);
        _memo[relativeDay] = index;
        return index;
    }

    /// <summary>
    /// Assigns one member's observations (a snapshot blob, see <see cref="ObservationBlob"/>) to visits: in date order
    /// (ties in stored order), the observation nearest the visit's target wins, the earlier on a tie. Fills
    /// <paramref name="has"/>, <paramref name="value"/> and <paramref name="day"/> (absolute day number) per visit.
    /// </summary>
    public void AssignBlob(ReadOnlySpan<byte> blob, int dayZero, Span<bool> has, Span<double> value, Span<int> day)
    {
        has.Clear();
        const int size = 12;
        if (blob.Length % size != 0) throw new InvalidDataException($"Snapshot observations: {blob.Length} bytes is not a multiple of {size}.");
        var n = blob.Length / size;
        var sorted = true;
        for (var i = 1; i < n && sorted; i++)
            sorted = BinaryPrimitives.ReadInt32LittleEndian(blob[((i - 1) * size)..]) <= BinaryPrimitives.ReadInt32LittleEndian(blob[(i * size)..]);
        Span<int> order = n <= 64 ? stackalloc int[n] : new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        if (!sorted)
        {
            // a stable insertion sort by day: the order Enumerable.OrderBy gives on the live path
            for (var i = 1; i < n; i++)
            {
                var x = order[i];
                var dx = BinaryPrimitives.ReadInt32LittleEndian(blob[(x * size)..]);
                var j = i - 1;
                while (j >= 0 && BinaryPrimitives.ReadInt32LittleEndian(blob[(order[j] * size)..]) > dx) { order[j + 1] = order[j]; j--; }
                order[j + 1] = x;
            }
        }
        foreach (var i in order)
        {
            var on = BinaryPrimitives.ReadInt32LittleEndian(blob[(i * size)..]);
            var v = Assign(on - dayZero);
            if (v < 0) continue;
            var target = dayZero + Target[v];
            if (!has[v] || Math.Abs(on - target) < Math.Abs(day[v] - target))
            {
                has[v] = true;
                day[v] = on;
                value[v] = BinaryPrimitives.ReadDoubleLittleEndian(blob[(i * size + 4)..]);
            }
        }
    }
}

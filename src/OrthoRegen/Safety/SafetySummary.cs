namespace OrthoRegen.Safety;

/// <summary>One adverse event as the summary counts it (current version).</summary>
public sealed record SummaryEvent(string PatientId, int Grade, bool Serious, bool RelatedToProduct, bool RelatedToProcedure, bool Susar, string? CellSource, string? LotId);

/// <summary>
/// The exposure that rates are taken over: patients under observation and injections given, in total and per cell source
/// and per lot. A denominator of 0 (unknown exposure) makes the rate "not available", never a division by zero.
/// </summary>
public sealed record SafetyExposure(
    int PatientsUnderObservation,
    int Injections,
    IReadOnlyDictionary<string, int> InjectionsByCellSource,
    IReadOnlyDictionary<string, int> InjectionsByLot,
    IReadOnlyDictionary<string, int> PatientsByCellSource,
    IReadOnlyDictionary<string, int> PatientsByLot)
{
    public static SafetyExposure None { get; } = new(0, 0, new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>(), new Dictionary<string, int>());
}

/// <summary>A rate with its numerator and denominator; <see cref="Value"/> is null ("not available") when the denominator is 0.</summary>
public sealed record Rate(int Numerator, int Denominator, double? Value)
{
    /// <summary><paramref name="numerator"/> × <paramref name="scale"/> / <paramref name="denominator"/>, or not available.</summary>
    public static Rate Of(int numerator, int denominator, double scale = 1) =>
        new(numerator, denominator, denominator > 0 ? numerator * scale / denominator : null);
}

/// <summary>One line of the summary: events and distinct patients with an event in a group, and the two rates.</summary>
public sealed record SummaryRow(string Dimension, string Key, int Events, int Patients, Rate EventsPerPatient, Rate EventsPer100Injections);

/// <summary>The safety summary: the total line, then lines by grade, seriousness, relatedness, cell source and lot.</summary>
public sealed record SafetySummaryResult(SummaryRow Total, int SusarEvents, IReadOnlyList<SummaryRow> Rows);

/// <summary>
/// Events per patient and per 100 injections (pure arithmetic). Denominators: the total, grade, seriousness and relatedness
/// lines use all patients under observation and all injections; the cell-source and lot lines use that source's or lot's
/// own exposure. Relatedness lines overlap: an event related to both product and procedure counts in both; UNRELATED is
/// neither. Events without a known cell source or lot count under UNKNOWN, whose rates are not available.
/// </summary>
public static class SafetySummary
{
    public const string Total = "TOTAL";
    public const string Grade = "GRADE";
    public const string Seriousness = "SERIOUSNESS";
    public const string Relatedness = "RELATEDNESS";
    public const string CellSource = "CELL_SOURCE";
    public const string Lot = "LOT";
    public const string Unknown = "UNKNOWN";

    public static SafetySummaryResult Summarise(IReadOnlyList<SummaryEvent> events, SafetyExposure exposure)
    {
        SummaryRow Row(string dimension, string key, IEnumerable<SummaryEvent> group, int patients, int injections)
        {
            var list = group.ToList();
            return new SummaryRow(dimension, key, list.Count, list.Select(e => e.PatientId).Distinct().Count(),
                Rate.Of(list.Count, patients), Rate.Of(list.Count, injections, 100));
        }
        SummaryRow Overall(string dimension, string key, Func<SummaryEvent, bool> filter) =>
            Row(dimension, key, events.Where(filter), exposure.PatientsUnderObservation, exposure.Injections);

        var rows = new List<SummaryRow>();
        for (var g = 1; g <= 5; g++) { var grade = g; rows.Add(Overall(Grade, grade.ToString(System.Globalization.CultureInfo.InvariantCulture), e => e.Grade == grade)); }
        rows.Add(Overall(Seriousness, "SERIOUS", e => e.Serious));
        rows.Add(Overall(Seriousness, "NON_SERIOUS", e => !e.Serious));
        rows.Add(Overall(Relatedness, "PRODUCT", e => e.RelatedToProduct));
        rows.Add(Overall(Relatedness, "PROCEDURE", e => e.RelatedToProcedure));
        rows.Add(Overall(Relatedness, "UNRELATED", e => !e.RelatedToProduct && !e.RelatedToProcedure));
        rows.AddRange(ByKey(CellSource, events, e => e.CellSource, exposure.PatientsByCellSource, exposure.InjectionsByCellSource, Row));
        rows.AddRange(ByKey(Lot, events, e => e.LotId, exposure.PatientsByLot, exposure.InjectionsByLot, Row));
        return new SafetySummaryResult(Overall(Total, Total, _ => true), events.Count(e => e.Susar), rows);
    }

    /// <summary>One line per key seen in the events or the exposure (sorted), with UNKNOWN last when some events lack the key.</summary>
    static IEnumerable<SummaryRow> ByKey(string dimension, IReadOnlyList<SummaryEvent> events, Func<SummaryEvent, string?> key,
        IReadOnlyDictionary<string, int> patients, IReadOnlyDictionary<string, int> injections,
        Func<string, string, IEnumerable<SummaryEvent>, int, int, SummaryRow> row)
    {
        var keys = events.Select(key).OfType<string>().Concat(injections.Keys).Concat(patients.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var k in keys)
            yield return row(dimension, k, events.Where(e => key(e) == k), patients.GetValueOrDefault(k), injections.GetValueOrDefault(k));
        if (events.Any(e => key(e) is null))
            yield return row(dimension, Unknown, events.Where(e => key(e) is null), 0, 0);
    }
}

using OrthoRegen.Safety;

namespace OrthoRegen.Tests.Safety;

public class SafetySummaryTests
{
    static SummaryEvent E(string patient, int grade, bool serious = false, bool product = false, bool procedure = false, string? source = "BMAC", string? lot = "L1") =>
        new(patient, grade, serious, product, procedure, serious && (product || procedure), source, lot);

    static readonly SummaryEvent[] Events =
    [
        E("p1", 1, procedure: true),                                   // injection pain
        E("p1", 2, procedure: true),
        E("p2", 3, serious: true, product: true, procedure: true, source: "UC_MSC", lot: "L2"),
        E("p3", 1, source: null, lot: null),                             // product not known
    ];

    static readonly SafetyExposure Exposure = new(
        PatientsUnderObservation: 8, Injections: 20,
        InjectionsByCellSource: new Dictionary<string, int> { ["BMAC"] = 12, ["UC_MSC"] = 8 },
        InjectionsByLot: new Dictionary<string, int> { ["L1"] = 12, ["L2"] = 5, ["L3"] = 3 },
        PatientsByCellSource: new Dictionary<string, int> { ["BMAC"] = 5, ["UC_MSC"] = 3 },
        PatientsByLot: new Dictionary<string, int> { ["L1"] = 5, ["L2"] = 2, ["L3"] = 1 });

    static SummaryRow Row(SafetySummaryResult s, string dimension, string key) => s.Rows.Single(r => r.Dimension == dimension && r.Key == key);

    [Fact]
    public void Summarise_Total_EventsPerPatientAndPer100Injections()
    {
        var s = SafetySummary.Summarise(Events, Exposure);
        Assert.Equal((4, 3, 1), (s.Total.Events, s.Total.Patients, s.SusarEvents));
        Assert.Equal(0.5, s.Total.EventsPerPatient.Value);          // 4 / 8
        Assert.Equal(20.0, s.Total.EventsPer100Injections.Value);   // 4 × 100 / 20
    }

    [Fact]
    public void Summarise_ByGradeSeriousnessAndRelatedness_UsesOverallDenominators()
    {
        var s = SafetySummary.Summarise(Events, Exposure);
        Assert.Equal([2, 1, 1, 0, 0], Enumerable.Range(1, 5).Select(g => Row(s, SafetySummary.Grade, g.ToString()).Events));
        Assert.Equal(10.0, Row(s, SafetySummary.Grade, "1").EventsPer100Injections.Value); // 2 × 100 / 20
        Assert.Equal((1, 3), (Row(s, SafetySummary.Seriousness, "SERIOUS").Events, Row(s, SafetySummary.Seriousness, "NON_SERIOUS").Events));
        Assert.Equal(0.125, Row(s, SafetySummary.Seriousness, "SERIOUS").EventsPerPatient.Value); // 1 / 8
        // Overlapping: the serious event is related to both product and procedure.
        Assert.Equal((1, 3, 1), (Row(s, SafetySummary.Relatedness, "PRODUCT").Events, Row(s, SafetySummary.Relatedness, "PROCEDURE").Events,
            Row(s, SafetySummary.Relatedness, "UNRELATED").Events));
        Assert.Equal(2, Row(s, SafetySummary.Relatedness, "PROCEDURE").Patients);
    }

    [Fact]
    public void Summarise_ByCellSourceAndLot_UsesTheirOwnExposure()
    {
        var s = SafetySummary.Summarise(Events, Exposure);
        var bmac = Row(s, SafetySummary.CellSource, "BMAC");
        Assert.Equal((2, 1), (bmac.Events, bmac.Patients));
        Assert.Equal(0.4, bmac.EventsPerPatient.Value!.Value, 12);              // 2 / 5
        Assert.Equal(100.0 * 2 / 12, bmac.EventsPer100Injections.Value!.Value, 12);
        Assert.Equal(20.0, Row(s, SafetySummary.Lot, "L2").EventsPer100Injections.Value); // 1 × 100 / 5
        var l3 = Row(s, SafetySummary.Lot, "L3");                               // exposed, no events
        Assert.Equal((0, 0.0), (l3.Events, l3.EventsPer100Injections.Value));
        Assert.Equal(["L1", "L2", "L3", SafetySummary.Unknown], s.Rows.Where(r => r.Dimension == SafetySummary.Lot).Select(r => r.Key));
    }

    [Fact]
    public void Summarise_UnknownSourceOrLot_CountsButRateIsNotAvailable()
    {
        var unknown = Row(SafetySummary.Summarise(Events, Exposure), SafetySummary.CellSource, SafetySummary.Unknown);
        Assert.Equal(1, unknown.Events);
        Assert.Null(unknown.EventsPerPatient.Value);
        Assert.Null(unknown.EventsPer100Injections.Value);
    }

    [Fact]
    public void Summarise_NoExposure_EveryRateNotAvailableNeverDivideByZero()
    {
        var s = SafetySummary.Summarise(Events, SafetyExposure.None);
        Assert.Equal(4, s.Total.Events);
        Assert.All(s.Rows.Append(s.Total), r =>
        {
            Assert.Null(r.EventsPerPatient.Value);
            Assert.Null(r.EventsPer100Injections.Value);
            Assert.Equal(0, r.EventsPer100Injections.Denominator);
        });
    }

    [Fact]
    public void Summarise_NoEvents_ZeroRatesWhereExposureIsKnown()
    {
        var s = SafetySummary.Summarise([], Exposure);
        Assert.Equal((0, 0.0, 0.0), (s.Total.Events, s.Total.EventsPerPatient.Value, s.Total.EventsPer100Injections.Value));
        Assert.DoesNotContain(s.Rows, r => r.Key == SafetySummary.Unknown);
    }
}

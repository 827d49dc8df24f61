using System.Text.Json;
using OrthoRegen.Assessment;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Lot-to-outcome and the candidate outlook on a cohort built with the stores, on both engines: the 12-month change is
/// taken from stored questionnaire responses by the documented windows, and the numbers equal the engine's.
/// </summary>
public class LotOutcomeRunsTests
{
    static async Task NrsAsync(CohortBench b, TreatedKnee k, string on, int value, string visit) =>
        CohortBench.Done(await b.Db.Get<ResponseStore>().SubmitAsync(b.Physician, k.Patient.Id, new SubmitResponse
        {
            Instrument = "PAIN_NRS", Items = new() { ["nrs"] = JsonSerializer.SerializeToElement(value) }, Language = "ko", Mode = ResponseModes.ClinicTablet,
            VisitCode = visit, Target = k.Plan.Target, CompletedOn = on,
        }, default));

    [Theory, BothEngines]
    public async Task Runs_StoredResponses_GiveTwelveMonthChangeLineAndOutlook(DatabaseProvider engine)
    {
        await using var b = await CohortBench.CreateAsync(engine);
        var k = new[]
        {
            await b.TreatAsync(new KneeCase { Family = "A", Day0 = "2024-05-10", WeightKg = 50, TotalCellsE6 = 50 }),
            await b.TreatAsync(new KneeCase { Family = "B", Day0 = "2024-06-10", WeightKg = 100, TotalCellsE6 = 50 }),
            await b.TreatAsync(new KneeCase { Family = "C", Day0 = "2024-07-10", WeightKg = 62.5, TotalCellsE6 = 50 }),
            await b.TreatAsync(new KneeCase { Family = "D", Day0 = "2024-08-10", WeightKg = 80, TotalCellsE6 = 50 }),
        };
        // baseline 5 days before Day 0; 12 months at day 360 (A), 400 (B, within ±45), 420 (C, outside: missing); D no follow-up
        await NrsAsync(b, k[0], "2024-05-05", 7, "BASE"); await NrsAsync(b, k[0], "2025-05-05", 3, "M12");
        await NrsAsync(b, k[1], "2024-06-05", 6, "BASE"); await NrsAsync(b, k[1], "2025-07-15", 5, "M12");
        await NrsAsync(b, k[2], "2024-07-05", 8, "BASE"); await NrsAsync(b, k[2], "2025-09-03", 2, "M12");
        await NrsAsync(b, k[3], "2024-08-05", 5, "BASE");

        var runs = b.Db.Get<LotOutcomeRuns>();
        var options = ((Outcome<LotOutcomeOptions>.Done)LotOutcomeOptions.From(runs.Catalog, "PAIN_NRS", "nrs", "CELLS_PER_KG")).Value;
        var r = await runs.RunAsync(b.Researcher, CohortDefinition.Everyone, options, default);
        Assert.Equal((2, 2), (r.WithChange, r.MissingChange));
        var a = r.Subjects.Single(s => s.PseudonymCode == k[0].Patient.PseudonymCode);
        Assert.Equal((7.0, 3.0, -4.0, 4.0, true), (a.Baseline!.Value, a.AtTwelveMonths!.Value, a.Change!.Value, a.Improvement!.Value, a.Responder!.Value));
        var bb = r.Subjects.Single(s => s.PseudonymCode == k[1].Patient.PseudonymCode);
        Assert.Equal((-1.0, false), (bb.Change!.Value, bb.Responder!.Value));   // 1 point and 17%: below 2 points or 30%
        Assert.Null(r.Subjects.Single(s => s.PseudonymCode == k[2].Patient.PseudonymCode).Change);   // 420 days is outside 365 ± 45
        Assert.Null(r.Line);   // two points cannot carry a band
        Assert.Equal("A regression line with a confidence band needs at least 3 points.", r.LineNotEstimable);
        var tier = r.Groups.Single(g => g.Dimension == "DOSE_TIER");
        var expected = Descriptive.PairedChange([7.0, 6.0], [3.0, 5.0]);
        Assert.Equal((expected.Mean, expected.Lower, expected.Upper), (tier.Change.Mean, tier.Change.Lower, tier.Change.Upper));

        // A candidate with an assessment only: similar past patients are described, the model is not shown.
        var candidate = CohortBench.Done(await b.Db.Get<OrthoRegen.Patients.PatientStore>().RegisterAsync(b.Physician, new OrthoRegen.Patients.RegisterPatient
        {
            FamilyName = "E", GivenName = "Cand", BirthDate = "1962-01-01", Sex = "F", Language = "ko",
        }, default));
        CohortBench.Done(await b.Db.Get<AssessmentStore>().RecordAsync(b.Physician, candidate.Id, new RecordAssessment
        {
            Indication = "KNEE_OA", Target = "KNEE_L", AssessedOn = "2026-06-01", SymptomDurationMonths = 10,
            Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-06-01", Reader = "Dr Lee", KlGrade = 3 }],
        }, default));
        var outlook = await b.Db.Get<OutlookRuns>().RunAsync(b.Researcher, candidate.Id, "PAIN_NRS", "nrs", default);
        var o = Assert.IsType<Outcome<OutlookResult>.Done>(outlook).Value;
        Assert.Equal((3, "KNEE_OA"), (o.Candidate.KlGrade!.Value, o.Candidate.Indication));
        Assert.Equal(2, o.ModelN);
        Assert.False(o.ModelShown);
        Assert.Contains("Only 2 past patients", o.NotShownReason);
        Assert.IsType<Outcome<OutlookResult>.NotFound>(await b.Db.Get<OutlookRuns>().RunAsync(b.Researcher, "no-such-patient", "PAIN_NRS", null, default));
        Assert.IsType<Outcome<OutlookResult>.Invalid>(await b.Db.Get<OutlookRuns>().RunAsync(b.Researcher, candidate.Id, "NOPE", null, default));
    }
}

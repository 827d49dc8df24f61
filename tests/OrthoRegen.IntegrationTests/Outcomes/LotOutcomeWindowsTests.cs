using System.Text.Json;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Lot-to-outcome assigns responses to BASE and M12 with the trajectories' visit assignment (DOMAIN.md 4.2 V1), not with
/// windows of its own: a late 12-month visit inside its window counts, one beyond 1.5 × the window does not, and a
/// baseline beyond BASE's stretched window (−45 d) is missing. The changes equal the trajectory's M12 change.
/// </summary>
public class LotOutcomeWindowsTests
{
    static async Task NrsAsync(CohortBench b, TreatedKnee k, DateOnly on, int value, string visit) =>
        CohortBench.Done(await b.Db.Get<ResponseStore>().SubmitAsync(b.Physician, k.Patient.Id, new SubmitResponse
        {
            Instrument = "PAIN_NRS", Items = new() { ["nrs"] = JsonSerializer.SerializeToElement(value) }, Language = "ko", Mode = ResponseModes.ClinicTablet,
            VisitCode = visit, Target = k.Plan.Target, CompletedOn = on.ToString("yyyy-MM-dd"),
        }, default));

    [Theory, BothEngines]
    public async Task Run_LateTwelveMonthVisit_AssignedLikeTrajectories(DatabaseProvider engine)
    {
        await using var b = await CohortBench.CreateAsync(engine);
        var day0 = new DateOnly(2024, 3, 1);
        var late = await b.TreatAsync(new KneeCase { Family = "Late", Day0 = "2024-03-01" });
        var outside = await b.TreatAsync(new KneeCase { Family = "Outside", Day0 = "2024-03-01" });
        var oldBaseline = await b.TreatAsync(new KneeCase { Family = "OldBase", Day0 = "2024-03-01" });
        await NrsAsync(b, late, day0.AddDays(-3), 8, "BASE");
        await NrsAsync(b, late, day0.AddDays(393), 3, "M12");          // M12 window is 335..395: late but in window
        await NrsAsync(b, outside, day0.AddDays(-3), 7, "BASE");
        await NrsAsync(b, outside, day0.AddDays(411), 2, "M12");       // 46 days after the target: beyond 1.5 × 30
        await NrsAsync(b, oldBaseline, day0.AddDays(-60), 9, "BASE");  // before BASE's stretched start (−45)
        await NrsAsync(b, oldBaseline, day0.AddDays(365), 4, "M12");

        var runs = b.Db.Get<LotOutcomeRuns>();
        var options = ((Outcome<LotOutcomeOptions>.Done)LotOutcomeOptions.From(runs.Catalog, "PAIN_NRS", "nrs", "VIABLE_DOSE")).Value;
        var r = await runs.RunAsync(b.Researcher, CohortDefinition.Everyone, options, default);
        LotOutcomeSubject Of(TreatedKnee k) => r.Subjects.Single(s => s.PseudonymCode == k.Patient.PseudonymCode);
        Assert.Equal((8.0, 3.0, -5.0), (Of(late).Baseline!.Value, Of(late).AtTwelveMonths!.Value, Of(late).Change!.Value));
        Assert.Equal((7.0, (double?)null, (double?)null), (Of(outside).Baseline!.Value, Of(outside).AtTwelveMonths, Of(outside).Change));
        Assert.Equal(((double?)null, 4.0, (double?)null), (Of(oldBaseline).Baseline, Of(oldBaseline).AtTwelveMonths!.Value, Of(oldBaseline).Change));
        Assert.Equal((1, 2), (r.WithChange, r.MissingChange));

        // one code path: the trajectory's M12 change over the same cohort is the same pairs
        var t = CohortBench.Done(await b.Db.Get<CohortAnalytics>().TrajectoryAsync(b.Researcher, CohortDefinition.Everyone,
            new TrajectoryRequest("PAIN_NRS", "nrs", null, null), default));
        var m12 = t.Result.Groups.Single().Visits.Single(v => v.Code == "M12");
        Assert.Equal((1, -5.0), (m12.Change.N, m12.Change.Mean!.Value));
    }
}

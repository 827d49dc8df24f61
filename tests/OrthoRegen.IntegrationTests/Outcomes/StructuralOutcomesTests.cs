using OrthoRegen.Assessment;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Imaging and function over time on both engines: baseline cartilage thickness from the consultation's MRI read,
/// follow-up reads and performance tests from the visit records, grouped by route, equal to the engine's paired change.
/// </summary>
public class StructuralOutcomesTests
{
    [Theory, BothEngines]
    public async Task CartilageAndChairStand_ByRoute_FromConsultationAndVisitRecords(DatabaseProvider engine)
    {
        await using var bench = await CohortBench.CreateAsync(engine);
        (string Route, string Source, string Manip, string Guidance, double Base, double M6, int StandsBase, int StandsM6)[] cases =
        [
            ("INTRA_ARTICULAR", "BM_MSC", "MORE_THAN_MINIMAL", "ULTRASOUND", 2.0, 2.1, 8, 11),
            ("INTRA_ARTICULAR", "BM_MSC", "MORE_THAN_MINIMAL", "ULTRASOUND", 2.2, 2.1, 9, 10),
            ("INTRA_ARTICULAR", "BM_MSC", "MORE_THAN_MINIMAL", "ULTRASOUND", 1.7, 1.9, 7, 7),
            ("SUBCHONDRAL_INTRAOSSEOUS", "BMAC", "MINIMAL", "FLUOROSCOPY", 1.8, 2.0, 6, 9),
        ];
        var store = bench.Db.Get<FollowUpStore>();
        for (var i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            var day0 = new DateOnly(2025, 3, 3).AddDays(i * 7);
            var knee = await bench.TreatAsync(new KneeCase
            {
                Family = "Kang" + i, Day0 = day0.ToString("yyyy-MM-dd"), Route = c.Route, CellSource = c.Source, Manipulation = c.Manip, Guidance = c.Guidance, CartilageMftcMm = c.Base,
            });
            var baseVisit = knee.Schedule.Visits.Single(v => v.Code == "BASE");
            CohortBench.Done(await store.RecordVisitAsync(bench.Physician, baseVisit.Id, new RecordVisit
            {
                Version = baseVisit.Version, ActualDate = day0.AddDays(-1).ToString("yyyy-MM-dd"), Exam = new ExamFindingsInput { ChairStand30sCount = c.StandsBase },
            }, default));
            var m6 = knee.Schedule.Visits.Single(v => v.Code == "M6");
            CohortBench.Done(await store.RecordVisitAsync(bench.Physician, m6.Id, new RecordVisit
            {
                Version = m6.Version, ActualDate = day0.AddDays(185).ToString("yyyy-MM-dd"), Exam = new ExamFindingsInput { ChairStand30sCount = c.StandsM6 },
                Imaging = [new ImagingReadInput { Modality = "MRI", ReadOn = day0.AddDays(185).ToString("yyyy-MM-dd"), Reader = "Dr Lee", FieldStrengthT = 3, CartilageMftcMm = c.M6 }],
            }, default));
        }

        var analytics = bench.Db.Get<CohortAnalytics>();
        var cartilage = Done(await analytics.TrajectoryAsync(bench.Researcher, CohortDefinition.Everyone, new TrajectoryRequest(null, null, "CARTILAGE_MFTC_MM", "ROUTE"), default)).Result;
        Assert.Equal(["INTRA_ARTICULAR", "SUBCHONDRAL_INTRAOSSEOUS"], cartilage.Groups.Select(g => g.Key));
        var ia = cartilage.Groups[0].Visits.Single(v => v.Code == "M6");
        Assert.Equal(Descriptive.PairedChange([2.0, 2.2, 1.7], [2.1, 2.1, 1.9]), ia.Change);
        Assert.Equal((3, 3, 0), (ia.Counts.Due, ia.Counts.Observed, ia.Counts.Missing));
        Assert.Equal(0.2, cartilage.Groups[1].Visits.Single(v => v.Code == "M6").Change.Mean!.Value, 12);
        Assert.True(cartilage.HigherIsBetter);

        var stands = Done(await analytics.TrajectoryAsync(bench.Researcher, CohortDefinition.Everyone, new TrajectoryRequest(null, null, "CHAIR_STAND_30S", null), default)).Result;
        var all = Assert.Single(stands.Groups).Visits.Single(v => v.Code == "M6");
        Assert.Equal(Descriptive.PairedChange([8, 9, 7, 6], [11, 10, 7, 9]), all.Change);
        Assert.Equal(2, all.MedianChange);   // changes 3, 1, 0, 3

        var bad = await analytics.TrajectoryAsync(bench.Researcher, CohortDefinition.Everyone, new TrajectoryRequest(null, null, "SHOE_SIZE", null), default);
        Assert.Contains("measure", Assert.IsType<Outcome<CohortAnalysis<Trajectory>>.Invalid>(bad).Errors.Keys);
    }

    static T Done<T>(Outcome<T> o) => CohortBench.Done(o);
}

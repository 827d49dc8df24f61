using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Statistics;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Demo;

/// <summary>
/// The statistical shape of a moderate demo cohort (DOMAIN.md 5), read back from the tables as any analysis would:
/// replacement-free survival after subchondral BMAC, KL 2–3 better than KL 4, onset by month 3.
/// </summary>
public class DemoCohortShapeTests
{
    [Fact]
    public async Task Generate3000_FollowsTheLiteratureShape()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var outcome = await db.Get<DemoGenerator>().GenerateAsync(Actor.System("test"), new DemoRequest(3000, 2026, 2, "2026-06-15"), false, null, default);
        Assert.IsType<Outcome<DemoResult>.Done>(outcome);
        await using var c = await db.Database.OpenAsync(default);

        // Knee schedules after subchondral vs intra-articular BMAC: time to replacement, censored at end of follow-up or as-of.
        var knees = (await c.QueryAsync<(string Route, string Day0, string? EndpointOn, string? EndedOn)>("""
            SELECT p.route, s.day0, s.endpoint_on, s.ended_on
            FROM follow_up_schedule_versions s JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
            JOIN treatment_plan_versions p ON p.id = s.plan_id
            JOIN record_heads ph ON ph.id = p.id AND ph.current_version = p.version
            WHERE s.target_site IN ('KNEE_L', 'KNEE_R') AND p.cell_source = 'BMAC'
            """)).ToList();
        double Years(string from, string to) => (DateOnly.Parse(to).DayNumber - DateOnly.Parse(from).DayNumber) / 365.25;
        double FreeAt13(string route)
        {
            var rows = knees.Where(k => k.Route == route).ToList();
            var time = rows.Select(k => Years(k.Day0, k.EndpointOn ?? k.EndedOn ?? "2026-06-15")).ToList();
            var status = rows.Select(k => k.EndpointOn is not null).ToList();
            return KaplanMeier.Fit(time, status).At([13.0])[0].Surv!.Value;
        }
        var subchondral = FreeAt13("SUBCHONDRAL_INTRAOSSEOUS");
        var intraArticular = FreeAt13("INTRA_ARTICULAR");
        Assert.InRange(subchondral, 0.72, 0.88);
        Assert.True(intraArticular < subchondral, $"IA {intraArticular:F3} vs subchondral {subchondral:F3}");

        // KOOS pain change from baseline (stored scores) by KL grade and visit.
        var changes = (await c.QueryAsync<(int Kl, string Visit, double Change)>("""
            SELECT i.kl_grade, f.visit_code, CAST(json_extract(f.scores, '$.scores.pain') AS REAL) - CAST(json_extract(b.scores, '$.scores.pain') AS REAL)
            FROM instrument_response_versions f
            JOIN instrument_response_versions b ON b.patient_id = f.patient_id AND b.instrument = 'KOOS' AND b.visit_code = 'BASE'
                 AND b.completed_on = (SELECT min(x.completed_on) FROM instrument_response_versions x WHERE x.patient_id = f.patient_id AND x.instrument = 'KOOS')
            JOIN imaging_read_versions i ON i.patient_id = f.patient_id AND i.kl_grade IS NOT NULL
            WHERE f.instrument = 'KOOS' AND f.visit_code IN ('M1', 'M3', 'M12')
            """)).ToList();
        double Mean(Func<(int Kl, string Visit, double Change), bool> p) => changes.Where(p).Average(x => x.Change);
        var kl23At12 = Mean(x => x.Visit == "M12" && x.Kl is 2 or 3);
        var kl4At12 = Mean(x => x.Visit == "M12" && x.Kl == 4);
        Assert.True(kl23At12 > kl4At12 + 5, $"KOOS pain change at M12: KL2-3 {kl23At12:F1}, KL4 {kl4At12:F1}");
        var m1 = Mean(x => x.Visit == "M1" && x.Kl is 2 or 3);
        var m3 = Mean(x => x.Visit == "M3" && x.Kl is 2 or 3);
        Assert.True(m3 > m1 + 5 && m3 > 5, $"onset: M1 {m1:F1}, M3 {m3:F1}");
    }
}

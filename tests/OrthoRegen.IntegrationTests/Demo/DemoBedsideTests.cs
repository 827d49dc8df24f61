using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Patients;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;
using Xunit;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Demo;

/// <summary>
/// Every administration a demo cohort writes passes the registry's own bedside checks (DOMAIN.md 3.4 I1/I2, 3.2 Q7/Q8/Q10)
/// as they stood at the injection: the plan version, the lot with the release decision in force then (and the physician's
/// acknowledgement of a conditional release), the division, the consent, the wristband code and the plan's earlier
/// injections, all read back through the stores, never from the generator's memory. Each release decision version agrees
/// with the release rules run on the QC results known when it was taken. The checks' warnings are held to what the demo stored (none).
/// </summary>
public class DemoBedsideTests(ITestOutputHelper output)
{
    static readonly Actor Admin = Actor.System("test");

    [Fact]
    public async Task Generate_EveryAdministration_PassesTheBedsideChecksInForceAtItsTime()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Assert.IsType<Outcome<DemoResult>.Done>(await db.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(400, 8, 1, "2026-06-15", 500), false, null, default));
        await using var c = await db.Database.OpenAsync(default);
        var plans = (await c.QueryAsync<string>("SELECT DISTINCT plan_id FROM administrations ORDER BY plan_id")).ToList();

        var administrationStore = db.Get<AdministrationStore>();
        var planStore = db.Get<TreatmentPlanStore>();
        var lotStore = db.Get<LotStore>();
        var refusals = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string kind) => seen[kind] = seen.GetValueOrDefault(kind) + 1;
        var lots = new Dictionary<string, LotView>(StringComparer.Ordinal);
        foreach (var planId in plans)
        {
            var history = (await planStore.HistoryAsync(Admin, planId, default))!;
            var given = (await administrationStore.ForPlanAsync(Admin, planId, default))!.OrderBy(a => a.AdministeredAt).ToList();
            var patient = (await db.Get<PatientStore>().LoadAsync(Admin, history[0].PatientId, default))!;
            foreach (var a in given)
            {
                // The plan and the lot as they stood when the injection was given.
                var plan = history.Last(p => p.RecordedAt <= a.AdministeredAt);
                var consent = (await db.Get<ConsentStore>().ListAsync(a.PatientId, default)).SingleOrDefault(x => x.Id == plan.ConsentId);
                var lotView = lots.TryGetValue(a.LotId, out var known) ? known : lots[a.LotId] = (await lotStore.LoadAsync(Admin, a.LotId, default))!;
                var now = (await lotStore.FindForAdministrationAsync(a.LotId, a.DivisionCode, default))!;
                var decision = lotView.Decisions.LastOrDefault(d => d.RecordedAt <= a.AdministeredAt);
                var lot = now with
                {
                    ReleaseStatus = decision?.Status,
                    PhysicianAcknowledged = decision?.PhysicianAckAt is { } ack && ack <= a.AdministeredAt,
                    AcknowledgedBy = decision?.PhysicianAckBy,
                    AcknowledgedAt = decision?.PhysicianAckAt,
                };
                var prior = given.Where(p => p.AdministeredAt < a.AdministeredAt).Select(p => new PriorInjection(p.InjectionNumber, p.AdministeredAt)).ToList();
                var request = new ValidAdministration(a.PatientId, a.LotId, a.DivisionCode, a.InjectionNumber, a.AdministeredAt, a.DoseViableCellsE6, a.VolumeMl,
                    a.Route, a.Guidance, a.Target, a.TargetLevel, a.Operator, a.ObservationMinutes, a.ImmediateReaction, a.ReactionNote,
                    BedsideChecks.ParseDin(a.ScannedDin)!, a.ScannedProductCode, a.ScannedPatientIdentifier, null, "bedside");
                var verdict = BedsideChecks.Evaluate(plan, lot, new BedsidePatient(patient.Id, patient.PseudonymCode), consent, request, prior);
                foreach (var f in verdict.Failures) refusals.Add($"{f.Code} {lotView.ProductType} injection {a.InjectionNumber}: {f.Message}");
                // The demo stores its administrations with no warnings, so the checks must give none either (interval, guidance, lot's plan).
                foreach (var w in verdict.Warnings) refusals.Add($"warning {w.Code} {lotView.ProductType} injection {a.InjectionNumber}: {w.Message}");
                Count(lotView.ProductType + (a.InjectionNumber > 1 ? " later injection" : "") + (decision?.Status == CellLabCodes.ConditionalRelease ? " conditional" : ""));
            }
        }
        foreach (var g in refusals.GroupBy(r => r.Split(':')[0]).OrderByDescending(g => g.Count())) output.WriteLine($"{g.Count()} x {g.Key} (e.g. {g.First()})");
        foreach (var (kind, n) in seen.OrderBy(k => k.Key, StringComparer.Ordinal)) output.WriteLine($"{n} {kind}");
        Assert.Empty(refusals);
        // The cohort has each kind of product the three causes were about.
        Assert.Contains(seen, k => k.Key.StartsWith("BMAC", StringComparison.Ordinal));
        Assert.Contains(seen, k => k.Key == "AD_SVF conditional");
        Assert.Contains(seen, k => k.Key.StartsWith("EXPANDED_MSC later injection", StringComparison.Ordinal));
        Assert.Contains(lots.Values, l => l.Origin == CellLabCodes.Allogeneic);

        // Each release decision version says what the release rules said on the QC known when it was taken (Q8), and a
        // conditional release is acknowledged by a physician before any injection of it.
        var rules = db.Get<ReleaseRules>();
        foreach (var lot in lots.Values)
        {
            var weight = lot.RecipientPatientId is null ? rules.Specs.For(lot.ProductType)!.EndotoxinReferenceWeightKg?.Value
                : (await db.Get<PatientStore>().LoadAsync(Admin, lot.RecipientPatientId, default))!.WeightKg;
            foreach (var d in lot.Decisions)
            {
                var then = RuleResultAt(rules, lot, weight, d.DecidedAt);
                Assert.True(d.RuleResult == then, $"{lot.LotNumber} decision v{d.Version} ({d.Status}) records rule result {d.RuleResult}; the rules gave {then} at {d.DecidedAt:O}");
                if (d.Status == CellLabCodes.Released) Assert.Equal(CellLabCodes.Released, then);
                if (d.Status == CellLabCodes.ConditionalRelease) Assert.Equal(CellLabCodes.ConditionalRelease, then);
                Assert.True(d.RecordedAt >= d.DecidedAt);
            }
        }
    }

    /// <summary>The release rules over the lot's QC as known at <paramref name="at"/>: a result not yet out is PENDING, a sample not yet taken is absent.</summary>
    static string RuleResultAt(ReleaseRules rules, LotView lot, double? weight, DateTimeOffset at)
    {
        var spec = rules.Specs.For(lot.ProductType)!;
        var concentration = lot.Processing.LastOrDefault(p => p.Step == "CONCENTRATION" && p.PerformedAt <= at);
        var qc = lot.Qc.Where(q => q.SampledAt <= at).Select(q => q.ResultedAt is { } done && done <= at
            ? new QcReading(q.Test, q.Value, q.Result, q.Unit, (done - q.SampledAt).TotalDays, q.Method)
            : new QcReading(q.Test, null, CellLabCodes.Pending, q.Unit, null, q.Method)).ToList();
        return rules.Evaluate(new ReleaseInput
        {
            ProductType = lot.ProductType, Spec = spec, Qc = qc, RecipientWeightKg = weight, Route = lot.IntendedRoute, DoseVolumeMl = lot.DoseVolumeMl,
            TncE6 = concentration?.TncE6, ConcentrateVolumeMl = concentration?.VolumeMl, ProcessingDocumented = concentration is not null,
            IdentityChecked = CustodyChain.HasTwoPersonLabelCheck(lot.Custody.Where(e => e.At <= at)),
        }).RuleResult;
    }
}

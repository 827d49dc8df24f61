using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;

namespace OrthoRegen.IntegrationTests.Demo;

/// <summary>
/// The allogeneic bank and the SUSARs of a demo cohort, read back through the stores and checked against the rules they
/// enforce: C9 and I1/I2 at the bedside, I3 custody, tracking both ways (I4), Q1–Q8 release, A1–A5 and the reporting clock.
/// </summary>
public class DemoAllogeneicAndSafetyTests
{
    static readonly Actor Admin = Actor.System("test");

    sealed record AlloRow(string Id, string PatientId, string PlanId, string LotId, string? DivisionCode, long InjectionNumber, string AdministeredAt,
        double DoseViableCellsE6, double VolumeMl, string Route, string Guidance, string Target, string? TargetLevel, string Operator,
        string ScannedDin, string ScannedProductCode, string ScannedPatientIdentifier);

    [Fact]
    public async Task Generate_AllogeneicAdministrationsAndSusars_PassTheStoresRules()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var outcome = await db.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(1500, 8, 1, "2026-06-15", 500), false, null, default);
        Assert.IsType<Outcome<DemoResult>.Done>(outcome);
        await using var c = await db.Database.OpenAsync(default);

        var given = (await c.QueryAsync<AlloRow>("""
            SELECT a.id AS Id, a.patient_id AS PatientId, a.plan_id AS PlanId, a.lot_id AS LotId, a.division_code AS DivisionCode,
                   a.injection_number AS InjectionNumber, a.administered_at AS AdministeredAt, a.dose_viable_cells_e6 AS DoseViableCellsE6,
                   a.volume_ml AS VolumeMl, a.route AS Route, a.guidance AS Guidance, a.target AS Target, a.target_level AS TargetLevel,
                   a.operator AS Operator, a.scanned_din AS ScannedDin, a.scanned_product_code AS ScannedProductCode,
                   a.scanned_patient_identifier AS ScannedPatientIdentifier
            FROM administration_versions a WHERE a.cell_source = 'UC_MSC' ORDER BY a.id
            """)).ToList();
        Assert.True(given.Count >= 20, $"{given.Count} allogeneic administrations");

        var lots = db.Get<LotStore>();
        var donors = db.Get<DonorStore>();
        var custody = db.Get<CustodyStore>();
        var recipientsPerLot = new Dictionary<string, HashSet<string>>();
        foreach (var a in given)
        {
            var patient = (await db.Get<PatientStore>().LoadAsync(Admin, a.PatientId, default))!;
            var plan = (await db.Get<TreatmentPlanStore>().FindAsync(a.PlanId, default))!;
            Assert.Equal(TreatmentCodes.Allogeneic, plan.Origin);
            var consent = (await db.Get<ConsentStore>().ListAsync(a.PatientId, default)).Single(x => x.Id == plan.ConsentId);
            Assert.True(consent.AllogeneicSourceAck); // C9 and the plan rule

            // The division's lot: released, from a donor who passed screening, allocated to this patient.
            var lot = (await lots.FindForAdministrationAsync(a.LotId, a.DivisionCode, default))!;
            Assert.Equal((CellLabCodes.Allogeneic, CellLabCodes.Released, a.PatientId), (lot.Origin, lot.ReleaseStatus, lot.RecipientPatientId));
            Assert.Equal(CellLabCodes.Eligible, (await donors.LoadAsync(Admin, lot.DonorId!, default))!.Eligibility);

            // Every bedside hard stop passes for the stored administration (the plan was ACTIVE until this, its only injection).
            var request = new ValidAdministration(a.PatientId, a.LotId, a.DivisionCode, (int)a.InjectionNumber, DateTimeOffset.Parse(a.AdministeredAt,
                System.Globalization.CultureInfo.InvariantCulture), a.DoseViableCellsE6, a.VolumeMl, a.Route, a.Guidance, a.Target, a.TargetLevel, a.Operator, 30,
                false, null, BedsideChecks.ParseDin(a.ScannedDin)!, a.ScannedProductCode, a.ScannedPatientIdentifier, null, "bedside");
            var verdict = BedsideChecks.Evaluate(plan with { Status = TreatmentCodes.Active }, lot, new BedsidePatient(patient.Id, patient.PseudonymCode),
                consent, request, []);
            Assert.True(verdict.Passed, string.Join("; ", verdict.Failures.Select(f => f.Message)));

            // Custody of the division from the cryostore to the needle, unbroken (I3).
            var events = CustodyChain.Ordered(await custody.ForItemAsync(CellLabCodes.ItemDivision, lot.DivisionId!, default));
            Assert.Equal(["THAWED", "ISSUED", "ADMINISTERED"], events.Select(e => e.Event));
            Assert.Empty(CustodyChain.Breaks(events));
            Assert.Equal("patient " + patient.PseudonymCode, events[^1].ToParty);

            // Tracking both ways (I4): recipient → donor and donor → this recipient.
            var back = (await lots.DonorsOfRecipientAsync(Admin, a.PatientId, default))!;
            Assert.Contains(back, t => t.DonorId == lot.DonorId && t.LotId == a.LotId && t.DivisionCode == a.DivisionCode);
            var forward = (await lots.TraceDonorAsync(Admin, lot.DonorId!, default))!;
            Assert.Contains(forward.Rows, t => t.RecipientPatientId == a.PatientId && t.DivisionCode == a.DivisionCode);
            (recipientsPerLot.TryGetValue(a.LotId, out var set) ? set : recipientsPerLot[a.LotId] = []).Add(a.PatientId);
        }
        Assert.Contains(recipientsPerLot.Values, s => s.Count >= 3); // one lot serves several patients

        // Every allogeneic lot's stored decision is what the release rules give on the stored QC; some lots fail, some donors too.
        var bank = (await c.QueryAsync<string>("SELECT id FROM product_lot_versions WHERE origin = 'ALLOGENEIC'")).ToList();
        var rejected = 0;
        foreach (var id in bank)
        {
            var lot = (await lots.GetAsync(Admin, id, default))!;
            Assert.Equal(lot.Evaluation.RuleResult, lot.CurrentDecision!.Status);
            Assert.Empty(CustodyChain.Breaks(lot.Custody.Where(e => e.ItemKind == CellLabCodes.ItemLot)));
            if (lot.CurrentDecision.Status == CellLabCodes.Rejected) rejected++;
        }
        var ineligible = 0;
        foreach (var d in await donors.ListAsync(Admin, default))
            if (d.Eligibility == CellLabCodes.Ineligible) ineligible++;
            else Assert.Equal(CellLabCodes.Eligible, d.Eligibility);
        Assert.True(rejected >= 1 && rejected < bank.Count / 2 && ineligible >= 1, $"{rejected} of {bank.Count} lots rejected, {ineligible} donors ineligible");

        // SUSARs: the stored derivation is the rules' on the stored event, and the reports are exactly what the clock demands.
        var store = db.Get<AdverseEventStore>();
        var assessment = db.Get<AdverseEventAssessment>();
        var eventIds = (await c.QueryAsync<string>("SELECT id FROM adverse_event_versions WHERE serious")).ToList();
        int susars = 0, onTime = 0, late = 0, open = 0;
        foreach (var id in eventIds)
        {
            var view = (await store.ReadAsync(Admin, id, default))!;
            var e = view.Event;
            var derived = assessment.Derive(new AdverseEventData(e.Term, e.MeddraPt, e.CtcaeTerm, e.CtcaeVersion, e.Grade, e.Onset, e.Resolved, e.Outcome,
                e.SeriousnessCriteria, e.SeriousnessAssessed, e.RelatedToProduct, e.RelatedToProcedure, e.Action, e.AwareDate, e.Reporter,
                e.AdministrationId, e.LotId, e.CellSource, e.Route, e.Pathway));
            Assert.Equal((derived.Susar, derived.FatalOrLifeThreatening, derived.Expected), (e.Susar, e.FatalOrLifeThreatening, e.Expected));
            var required = ReportingClock.Required(assessment.Rules, derived, e.AwareDate, e.Pathway)
                .Select(x => (x.Authority, x.Type, x.DueDate)).OrderBy(x => x.Authority).ThenBy(x => x.Type).ToList();
            Assert.Equal(required, view.Reports.Select(x => (x.Authority, x.Type, x.DueDate)).OrderBy(x => x.Authority).ThenBy(x => x.Type).ToList());
            if (!e.Susar) continue;
            susars++;
            foreach (var report in view.Reports)
            {
                if (report.SubmittedAt is not { } at) { open++; continue; }
                Assert.False(string.IsNullOrWhiteSpace(report.ReferenceNumber));
                Assert.True(DateOnly.FromDateTime(at.UtcDateTime) >= e.AwareDate);
                if (ReportingClock.IsOverdue(report.DueDate, DateOnly.FromDateTime(at.UtcDateTime))) late++; else onTime++;
            }
        }
        Assert.True(susars >= 3 && onTime > late, $"{susars} SUSARs, reports on time {onTime}, late {late}, open {open}");
        var summary = await store.SummaryAsync(Admin, default);
        Assert.Equal(susars, summary.SusarEvents);
    }
}

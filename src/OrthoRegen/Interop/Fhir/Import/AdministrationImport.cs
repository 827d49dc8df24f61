using System.Globalization;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Procedure (administration) → administration record. The bedside checks are run again on the imported data, at the
/// injection's time: <see cref="BedsideChecks.Validate"/> on the fields (the <c>administration-detail</c> extension, the
/// route, target, time, dose and volume), then <see cref="BedsideChecks.Evaluate"/> with the plan (the CarePlan in
/// <c>basedOn</c>, from the same import or the registry), the lot or division (the BiologicallyDerivedProduct in
/// <c>Procedure.used</c>, created by the same import or read back from the registry with its decision history) with the release decision in force when the checks ran at the bedside
/// (<c>recordedAt</c> of the detail, else the injection's time; expiry is judged at the injection's time), the
/// plan's consent, the patient's wristband code (the pseudonym the exporting registry printed, carried by the Patient
/// resource) and the plan's earlier injections. A failed check refuses the resource at the element it is about; the
/// status is never forced. The follow-up schedule and the ADMINISTERED custody event are not made here: the custody event
/// arrives as its own Provenance, the visits as Encounters.
/// </summary>
public sealed partial class FhirImport
{
    static bool CreatesAdministration(IFhirRecord record) => record is FhirProcedure { Kind: FhirProcedure.Administration };

    const string PlanForBedsideSql = """
        SELECT p.id AS Id, p.patient_id AS PatientId, p.version AS Version, p.status AS Status, p.indication AS Indication, p.target AS Target,
               p.target_level AS TargetLevel, p.consent_id AS ConsentId, p.cell_source AS CellSource, p.origin AS Origin, p.route AS Route,
               p.guidance AS Guidance, p.planned_injections AS PlannedInjections, p.interval_days AS IntervalDays
        FROM treatment_plan_versions p JOIN record_heads h ON h.id = p.id AND h.current_version = p.version
        WHERE p.id = @id AND NOT p.entered_in_error
        """;

    const string DivisionRecipientSql = """
        SELECT d.recipient_patient_id FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.id = @id AND NOT d.entered_in_error
        """;

    async Task<ProductWrite?> CheckAdministrationAsync(FhirImportBatch batch, Actor actor, FhirProcedure x, Entry en, string localId, ProductPlan products,
        IReadOnlyList<Planned> planned, Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, FieldErrors e, CancellationToken ct)
    {
        var at = en.Path;
        var (c, tx) = (batch.Connection, batch.Transaction);
        string DetailPath(string field) => FhirDetail.PathOf(en.Resource, at, ProductExtensions.Administration, 0, field);
        string PathOf(string field) => field switch
        {
            "administeredAt" => at + ".performedDateTime",
            "route" => at + ".code",
            "target" => at + ".bodySite",
            "doseViableCellsE6" or "volumeMl" => at + ".note[0].text",
            "lotId" => UsedPath(en.Resource, at),
            "planId" => at + ".basedOn[0].reference",
            "patientId" => at + ".subject",
            _ => DetailPath(field),
        };
        if (x.Detail is not { } d || d.Url != ProductExtensions.Administration) { e.Add(at + ".extension", FhirMessages.MissingExtension(ProductExtensions.Administration)); return null; }
        if (x.PlanId is null) { e.Add(at + ".basedOn", "Required: the CarePlan the injection was given under."); return null; }
        int? Whole(string name)
        {
            if (d[name] is not { } text) return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
            e.Add(DetailPath(name), FhirMessages.NotInteger);
            return null;
        }
        var (r, f) = BedsideChecks.Validate(new RecordAdministration
        {
            LotId = x.LotId, DivisionCode = d["divisionCode"], InjectionNumber = Whole("injectionNumber"), AdministeredAt = FhirWrite.Instant(x.PerformedAt),
            DoseViableCellsE6 = (double?)x.DoseViableCellsE6, VolumeMl = (double?)x.VolumeMl, Route = x.Code, Guidance = d["guidance"], Target = x.Target,
            TargetLevel = d["targetLevel"], Operator = d["operator"], ObservationMinutes = Whole("observationMinutes"), ImmediateReaction = d.Flag("immediateReaction"),
            ReactionNote = d["reactionNote"], ScannedDin = d["scannedDin"], ScannedProductCode = d["scannedProductCode"],
            ScannedPatientIdentifier = d["scannedPatientIdentifier"],
        }, clock.GetUtcNow(), actor.Username);
        foreach (var (field, m) in f.Messages) e.Add(PathOf(field), m);
        // When the bedside checks ran (the record was made): the release in force then is what the clinic's check saw.
        DateTimeOffset? recordedAt = null;
        if (d["recordedAt"] is { } recordedText)
        {
            recordedAt = DateTimeOffset.Parse(recordedText, CultureInfo.InvariantCulture);
            if (recordedAt > clock.GetUtcNow()) e.Add(DetailPath("recordedAt"), "Must not be in the future.");
            else if (r is not null && recordedAt < r.AdministeredAt) e.Add(DetailPath("recordedAt"), "An injection is recorded when or after it is given.");
        }
        if (r is null || !e.IsEmpty) return null;
        var checkedAt = recordedAt ?? r.AdministeredAt;

        // The patient, and the code on the wristband: the pseudonym the exporting registry gave it (an imported patient draws a new
        // one; a patient of an earlier batch or import: its kept source pseudonym, see SourcePseudonym.cs).
        var patientId = await LocalIdAsync(batch, actor, "Patient", x.PatientId, pending, local, ct);
        if (patientId is null) return null; // refused as an unknown patient by the unit's reference check
        var pseudonym = planned.Select(p => p.Record).OfType<FhirPatient>().FirstOrDefault(p => p.Id == x.PatientId)?.PseudonymCode
            ?? await WristbandCodeAsync(batch, patientId, ct);

        // The plan and its consent: created by this import, or already recorded.
        var planId = await LocalIdAsync(batch, actor, "CarePlan", x.PlanId, pending, local, ct);
        TreatmentPlan? plan = null;
        ConsentRecord? consent = null;
        if (planned.FirstOrDefault(p => p is { Fate: Fate.Create, Record: FhirCarePlan cp } && cp.Id == x.PlanId)?.Record is FhirCarePlan cp)
        {
            var planPatient = await LocalIdAsync(batch, actor, "Patient", cp.PatientId, pending, local, ct) ?? "";
            plan = new TreatmentPlan
            {
                Id = planId!, PatientId = planPatient, Status = cp.Status, Indication = cp.Indication, Target = cp.Target, TargetLevel = cp.TargetLevel,
                ConsentId = cp.ConsentId, CellSource = cp.CellSource, Origin = cp.Origin, Route = cp.Route, Guidance = cp.Guidance ?? "",
                PlannedInjections = cp.PlannedInjections, IntervalDays = cp.IntervalDays,
            };
            consent = planned.Select(p => p.Record).OfType<FhirConsent>().Where(k => k.Id == cp.ConsentId)
                .Select(k => new ConsentRecord { Id = k.Id, PatientId = planPatient, FormCode = k.FormCode, WithdrawnAt = k.WithdrawnAt }).FirstOrDefault();
            if (consent is null && await LocalIdAsync(batch, actor, "Consent", cp.ConsentId, pending, local, ct) is { } recorded)
                consent = (await ConsentStore.ListAsync(c, tx, planPatient, ct)).FirstOrDefault(k => k.Id == recorded);
        }
        else if (planId is not null
            && await c.QuerySingleOrDefaultAsync<TreatmentPlan>(PlanForBedsideSql, new { id = planId }, tx) is { } recorded)
        {
            plan = recorded;
            consent = (await ConsentStore.ListAsync(c, tx, recorded.PatientId, ct)).FirstOrDefault(k => k.Id == recorded.ConsentId);
        }
        if (plan is null) { e.Add(at + ".basedOn[0].reference", FhirMessages.Dangling("CarePlan/" + x.PlanId)); return null; }
        // The plan status in force at the injection's time (PlanStatusImport.cs): from the CarePlan's carried status history,
        // or the recorded versions of a plan already in the registry. A CarePlan of an older export carries no history: a plan
        // leaves ACTIVE only for COMPLETED or CANCELLED and injections are recorded only under an ACTIVE plan, so it is judged ACTIVE.
        // A plan already in the registry that the unit carries too (a later export): the longer history, the registry's or the carried one.
        var unitPlan = planned.FirstOrDefault(p => p.Record is FhirCarePlan cp && cp.Id == x.PlanId);
        var carried = unitPlan?.Record is FhirCarePlan carriedPlan && (unitPlan.Fate == Fate.Create || carriedPlan.StatusHistory.Count > 0)
            ? CheckStatusHistory(en, carriedPlan, clock.GetUtcNow(), []) : null;
        var inRegistry = unitPlan?.Fate == Fate.Create ? null : StatusChanges(await StoredPlanStatusesAsync(batch, plan.Id, ct));
        var statuses = carried is null ? inRegistry : inRegistry is null || carried.Count > inRegistry.Count ? carried : inRegistry;
        var planThen = plan with { Status = statuses is null ? TreatmentCodes.Active : PlanStatusImport.StatusAt(statuses, r.AdministeredAt) };

        // The lot or division, with the release decision in force when the injection was given: a lot of this unit, or one an
        // earlier batch or import wrote (its decision history read back from the registry).
        LotState? lotState = null;
        if (x.LotId is not null && !products.Lots.TryGetValue(x.LotId, out lotState)
            && await StoredLotAsync(batch, actor, x.LotId, pending, local, ct) is { } stored)
            products.Lots[x.LotId] = lotState = stored;
        var product = x.LotId is null ? null : planned.Select(p => p.Record).OfType<FhirProduct>().FirstOrDefault(p => p.Id == x.LotId);
        var storedLot = lotState is not null && product is null ? await StoredLotIdentityAsync(batch, lotState.LocalId, ct) : null;
        if (lotState is null || product is null && storedLot is null)
        {
            e.Add(UsedPath(en.Resource, at), "The lot must come before its administration (in the same import or already in the registry).");
            return null;
        }
        string? divisionId = null;
        if (r.DivisionCode is { } code && !lotState.Divisions.TryGetValue(code, out divisionId))
        {
            e.Add(DetailPath("divisionCode"), AdministrationMessages.LotUnknown);
            return null;
        }
        string lotNumber, din, dinFlags, pdc, cellSource, origin, manipulation;
        char collectionType;
        bool isTest;
        string? lotPlan;
        DateTimeOffset expiresAt;
        if (product is not null)
        {
            var lotDetail = product.Details!.First(z => z.Url == ProductExtensions.Lot);
            var collection = products.Collections[lotDetail.All("collection").First()];
            (lotNumber, din, dinFlags, isTest, pdc, collectionType) = (product.LotNumber, product.Din, collection.DinFlags, collection.IsTest, product.ProductCode,
                Isbt128.CollectionTypeFor(product.Origin, null));
            (cellSource, origin, manipulation, expiresAt) = (product.CellSource, product.Origin, lotDetail["manipulation"] ?? "", product.ExpiresAt);
            lotPlan = lotDetail["planId"] is { } lp ? await LocalIdAsync(batch, actor, "CarePlan", lp, pending, local, ct) ?? lp : null;
        }
        else
        {
            var s = storedLot!;
            (lotNumber, din, dinFlags, isTest, pdc, collectionType) = (s.LotNumber, s.Din, s.DinFlags ?? "00", s.IsTest ?? false, s.ProductDescriptionCode,
                s.CollectionType.Length > 0 ? s.CollectionType[0] : Isbt128.CollectionTypeFor(s.Origin, null));
            (cellSource, origin, manipulation, expiresAt, lotPlan) = (s.CellSource, s.Origin, s.Manipulation, s.ExpiresAt, s.PlanId);
        }
        var decision = lotState.Decisions.LastOrDefault(z => z.At <= checkedAt);
        var donor = lotState.PatientLocalId;
        // The recipient of an allogeneic division is its allocation (the lot itself is shared and filed under no patient): from
        // the lot of this import, or the division an earlier batch or import wrote.
        var recipient = donor;
        if (origin == CellLabCodes.Allogeneic)
        {
            recipient = null;
            if (product is not null && r.DivisionCode is { } divisionCode
                && product.Details!.FirstOrDefault(z => z.Url == ProductExtensions.Division && z["divisionCode"] == divisionCode)?["recipient"] is { } allocated)
                recipient = await LocalIdAsync(batch, actor, "Patient", allocated, pending, local, ct);
            else if (product is null && divisionId is not null)
                recipient = await c.QueryFirstOrDefaultAsync<string?>(DivisionRecipientSql, new { id = divisionId }, tx);
        }
        var lot = new LotForAdministration
        {
            LotId = lotState.LocalId, LotNumber = lotNumber, SiteId = "", Din = din, DinFlags = dinFlags,
            DinCheckCharacter = Isbt128.CheckCharacter(din), IsTest = isTest,
            ProductCode = ProductCode.From(pdc, collectionType, r.DivisionCode ?? "00").Code,
            DivisionCode = r.DivisionCode, DivisionId = divisionId, ProductType = lotState.ProductType, CellSource = cellSource, Origin = origin,
            Manipulation = manipulation, DonorPatientId = donor, RecipientPatientId = recipient, IntendedRoute = lotState.Route, PlanId = lotPlan,
            ReleaseStatus = decision.Status, RuleResult = decision.Status ?? "", PhysicianAcknowledged = decision.AcknowledgedAt is { } ack && ack <= checkedAt,
            AcknowledgedAt = decision.AcknowledgedAt, ExpiresAt = expiresAt,
        };

        // The plan's injections already given: earlier in this import, and recorded in the registry.
        var prior = new List<PriorInjection>();
        foreach (var p in planned)
            if (p is { Fate: Fate.Create, Record: FhirProcedure { Kind: FhirProcedure.Administration } other } && other.PlanId == x.PlanId
                && other.Detail?["injectionNumber"] is { } n && int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                prior.Add(new PriorInjection(number, other.PerformedAt));
        if (plan.Id.Length > 0)
            prior.AddRange((await c.QueryAsync<PriorRow>(AdministrationStore.PriorSql, new { planId = plan.Id }, tx)).Select(t => new PriorInjection(t.InjectionNumber, t.AdministeredAt)));

        var verdict = BedsideChecks.Evaluate(planThen, lot, new BedsidePatient(patientId, pseudonym), consent, r, prior);
        foreach (var failure in verdict.Failures) e.Add(PathOf(failure.Field), $"{failure.Code}: {failure.Message}");
        if (!verdict.Passed) return null;
        return async (conn, t, b, _, now, by) =>
        {
            var patient = local[("Patient", x.PatientId)];
            await b.Head.ExecuteAsync(ct, localId, AdministrationStore.Kind, patient, now, by);
            await conn.ExecuteAsync(AdministrationStore.InsertKeySql, new
            {
                Id = localId, PlanId = plan.Id, PatientId = patient, r.InjectionNumber, LotId = lot.LotId, DivisionId = divisionId, At = recordedAt ?? now,
            }, t);
            await conn.ExecuteAsync(AdministrationStore.InsertSql,
                AdministrationStore.Row(localId, 1, plan with { PatientId = patient }, lot, r, verdict.Warnings, actor, now, null, RecordSource.Import), t);
            return (AdministrationStore.Kind, patient);
        };
    }

    sealed record PriorRow
    {
        public int InjectionNumber { get; init; }
        public DateTimeOffset AdministeredAt { get; init; }
    }

    /// <summary>The path of the Procedure.used extension's reference (the lot), or the extension list when it is absent.</summary>
    static string UsedPath(JsonElement resource, string at)
    {
        if (FhirRead.TryGet(resource, "extension", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var x in list.EnumerateArray())
            {
                if (FhirRead.TryGetText(x, "url", out var url) && url == FhirCodes.ProcedureUsed) return $"{at}.extension[{i}].valueReference.reference";
                i++;
            }
        }
        return at + ".extension";
    }
}

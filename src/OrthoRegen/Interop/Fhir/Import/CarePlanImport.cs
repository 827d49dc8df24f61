using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// CarePlan → treatment plan. The plan goes through <see cref="TreatmentPlanRules.Evaluate"/>, the rules
/// <see cref="TreatmentPlanStore.CreateAsync"/> applies, with the gate read from the same unit: the patient's consents
/// (Consent resources) and candidacy decisions (on its Condition resources). A plan whose consent or decision the bundle
/// does not carry is refused like one the clinic could not record, at the element naming it.
/// </summary>
public sealed partial class FhirImport
{
    static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web);

    /// <summary>The plan rules' context as the unit carries it. Decision ids are "{Condition id}#{index}" (oldest first).</summary>
    static PlanContext PlanContextOf(IEnumerable<IFhirRecord> unit, string patientId)
    {
        var records = unit.Where(r => r.PatientId == patientId).ToList();
        var consents = records.OfType<FhirConsent>().Select(c => new ConsentRecord
        {
            Id = c.Id, PatientId = patientId, FormCode = c.FormCode, FormVersion = c.FormVersion, Research = c.Research, Language = c.Language,
            SignedAt = c.SignedAt, Signer = c.Signer, Pathway = c.Pathway, AllogeneicSourceAck = c.Acknowledgements.Contains("ALLOGENEIC_SOURCE"),
            WithdrawnAt = c.WithdrawnAt,
        }).ToList();
        var decisions = records.OfType<FhirCondition>()
            .SelectMany(c => c.Decisions.Select((d, i) => (Condition: c, Index: i, Decision: d)))
            .OrderByDescending(x => x.Decision.DecidedOn).ThenByDescending(x => x.Index)
            .Select(x => new TargetDecision(x.Condition.Target, new CandidacyDecision($"{x.Condition.Id}#{x.Index}", x.Condition.Id, x.Condition.Indication,
                x.Decision.RuleResult, x.Decision.ResearchOnly, x.Decision.Decision, x.Decision.OverrideReason, x.Decision.DecidedOn, "",
                new DateTimeOffset(x.Decision.DecidedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), [])))
            .ToList();
        return new PlanContext { Consents = consents, Decisions = decisions };
    }

    static PlanTreatment PlanRequest(FhirCarePlan x) => new()
    {
        Indication = x.Indication, Target = x.Target, TargetLevel = x.TargetLevel, ConsentId = x.ConsentId, ResearchConsentId = x.ResearchConsentId,
        CellSource = x.CellSource, Origin = x.Origin, Manipulation = x.Manipulation, TotalCellsE6 = (double)x.TotalCellsE6, Route = x.Route,
        Guidance = x.Guidance, PlannedInjections = x.PlannedInjections, IntervalDays = x.IntervalDays, Adjuncts = x.Adjuncts,
        RehabProgramme = x.RehabProgramme, RehabWeeks = x.RehabWeeks, RehabSessionsPerWeek = x.RehabSessionsPerWeek, RegulatoryPathway = x.RegulatoryPathway,
    };

    /// <summary>Where a plan field sits in the CarePlan resource.</summary>
    static string PlanPath(string field) => field switch
    {
        "indication" => "category",
        "target" => "note[0].text",
        "consentId" => "supportingInfo[0].reference",
        "researchConsentId" => "supportingInfo[1].reference",
        "cellSource" or "origin" => "activity[0].detail.productCodeableConcept",
        "totalCellsE6" => "activity[0].detail.quantity.value",
        "route" => "activity[0].detail.code",
        "plannedInjections" => "activity[0].detail.scheduledTiming.repeat.count",
        "intervalDays" => "activity[0].detail.scheduledTiming.repeat.period",
        _ => "extension",
    };

    /// <summary>
    /// The plan rules for every CarePlan the unit creates. Problems come back as (entry, JSON path, message); a plan that
    /// passes gets its write step, so the rules run once. The gate reads the unit's Consent and Condition resources and,
    /// for a patient already in the registry, the consents and decisions recorded there: in a bulk import the patient's
    /// Consent.ndjson and Condition.ndjson lines are written in earlier batches than its CarePlan lines.
    /// </summary>
    async Task<List<(Entry Entry, string Path, string Message)>> CheckCarePlansAsync(FhirImportBatch batch, Actor actor, List<Planned> unit,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var problems = new List<(Entry, string, string)>();
        var records = unit.Select(p => p.Record).ToList();
        for (var i = 0; i < unit.Count; i++)
        {
            if (unit[i] is not { Fate: Fate.Create, Record: FhirCarePlan x } p) continue;
            var (request, context) = await PlanInputAsync(batch, actor, records, x, pending, local, ct);
            context = context with { LatestWeight = PlanWeight(x, p.Entry, problems, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) };
            var evaluation = planRules.Evaluate(request, context);
            foreach (var (field, messages) in evaluation.Errors)
                foreach (var m in messages)
                    problems.Add((p.Entry, p.Entry.Path + "." + PlanPath(field), PlanPath(field) == "extension" ? $"{field}: {m}" : m));
            var history = CheckStatusHistory(p.Entry, x, clock.GetUtcNow(), problems);
            if (evaluation.Plan is { } valid)
                unit[i] = p with { Write = (c, tx, b, _, now, by) => WriteCarePlanAsync(c, tx, b, actor, x, valid, history, p.LocalId, local, now, by, ct) };
        }
        return problems;
    }

    /// <summary>
    /// The plan request and rule context: the unit's consents and decisions under their source ids, plus, when the patient
    /// is already in the registry, its recorded ones under their own ids; a consent the unit does not carry is looked up
    /// by its source id among those imported earlier.
    /// </summary>
    async Task<(PlanTreatment Request, PlanContext Context)> PlanInputAsync(FhirImportBatch batch, Actor actor, List<IFhirRecord> unit, FhirCarePlan x,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var request = PlanRequest(x);
        var context = PlanContextOf(unit, x.PatientId);
        var patient = await LocalIdAsync(batch, actor, "Patient", x.PatientId, pending, local, ct);
        if (patient is null) return (request, context); // a patient created in this unit has nothing in the registry yet
        var c = batch.Connection;
        var tx = batch.Transaction;
        var targets = await AssessmentStore.TargetsAsync(c, tx, patient, ct);
        var recorded = (await CandidacyStore.DecisionsAsync(c, tx, patient, ct))
            .Where(d => targets.ContainsKey(d.AssessmentId)).Select(d => new TargetDecision(targets[d.AssessmentId], d));
        context = context with
        {
            Consents = [.. context.Consents, .. await ConsentStore.ListAsync(c, tx, patient, ct)],
            Decisions = [.. context.Decisions.Concat(recorded).OrderByDescending(d => d.Decision.DecidedOn)],
        };
        async Task<string?> Consent(string? id) =>
            id is null || context.Consents.Any(k => k.Id == id) ? id : await LocalIdAsync(batch, actor, "Consent", id, pending, local, ct) ?? id;
        return (request with { ConsentId = await Consent(request.ConsentId), ResearchConsentId = await Consent(request.ResearchConsentId) }, context);
    }

    const string InsertPlan = """
        INSERT INTO treatment_plan_versions (id, version, patient_id, status, indication, target, target_level, candidacy_decision_id,
            consent_id, research_consent_id, cell_source, origin, manipulation, total_cells_e6, weight_kg, weight_measured_on,
            cells_per_kg_e6, dose_tier, rules_version, route, guidance, planned_injections, interval_days, adjuncts, rehab_programme,
            rehab_weeks, rehab_sessions_per_week, regulatory_pathway, warnings, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @Status, @Indication, @Target, @TargetLevel, @CandidacyDecisionId,
            @ConsentId, @ResearchConsentId, @CellSource, @Origin, @Manipulation, @TotalCellsE6, @WeightKg, @WeightMeasuredOn,
            @CellsPerKgE6, @DoseTier, @RulesVersion, @Route, @Guidance, @PlannedInjections, @IntervalDays, @Adjuncts, @RehabProgramme,
            @RehabWeeks, @RehabSessionsPerWeek, @RegulatoryPathway, @Warnings, @By, @At, 'import', @Reason)
        """;
    const string DecisionsOfAssessment = """
        SELECT d.id FROM candidacy_decision_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.assessment_id = @assessmentId AND NOT d.entered_in_error ORDER BY d.recorded_at, d.id
        """;

    /// <summary>
    /// Writes the plan. With a carried status history (<see cref="CheckStatusHistory"/>): version 1 ACTIVE and one version
    /// per later status (the plan's content, the status and its reason), each stamped with the time the status took effect
    /// so the bedside checks and a later export read when it was cancelled or completed; each status change audited as the
    /// store's <see cref="TreatmentPlanStore.ChangeStatusAsync"/> audits it. Without one (an older export): version 1 with the
    /// status it was exported with, stamped with the import's time. The weight, its date and cells/kg are those the plan
    /// rules derived from the <c>careplan-weight</c> extension (empty, as for a plan without a weight, when the CarePlan
    /// carries none). Consent and decision ids are the unit's source ids (mapped to the records this import wrote) or, for
    /// records the registry already held, their own.
    /// </summary>
    async Task<(string Kind, string PatientId)> WriteCarePlanAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, Actor actor, FhirCarePlan x,
        ValidPlan valid, List<PlanStatusChange>? history, string id, Dictionary<(string, string), string> local, DateTimeOffset now, string by, CancellationToken ct)
    {
        var patientId = local[("Patient", x.PatientId!)];
        string Local(string type, string sourceOrOwn) => local.TryGetValue((type, sourceOrOwn), out var mapped) ? mapped : sourceOrOwn;
        var decisionId = valid.CandidacyDecisionId;
        var hash = decisionId.LastIndexOf('#');
        if (hash >= 0)
        {
            var assessment = local[("Condition", decisionId[..hash])];
            var index = int.Parse(decisionId[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            decisionId = (await c.QueryAsync<string>(DecisionsOfAssessment, new { assessmentId = assessment }, tx)).ElementAt(index);
        }
        await batch.Head.ExecuteAsync(ct, id, TreatmentPlanStore.Kind, patientId, now, by);
        history ??= [new PlanStatusChange(x.Status, now, null)];
        for (var v = 1; v <= history.Count; v++)
        {
            var (status, at, reason) = history[v - 1];
            if (v > 1)
            {
                await VersionedRecords.NextVersionAsync(c, tx, id, TreatmentPlanStore.Kind, v - 1);
                await batch.Audit.AppendAsync(actor, new Audit.AuditEvent(Audit.AuditAction.Update, TreatmentPlanStore.Kind, id, patientId, [Entity, "status"]), ct);
            }
            await InsertPlanVersionAsync(v, status, at, reason);
        }
        return (TreatmentPlanStore.Kind, patientId);

        Task InsertPlanVersionAsync(int version, string status, DateTimeOffset at, string? reason) => c.ExecuteAsync(InsertPlan, new
        {
            Id = id, Version = version, PatientId = patientId, Status = status, Reason = reason, valid.Indication, valid.Target, valid.TargetLevel, CandidacyDecisionId = decisionId,
            ConsentId = Local("Consent", valid.ConsentId), ResearchConsentId = valid.ResearchConsentId is null ? null : Local("Consent", valid.ResearchConsentId),
            valid.CellSource, valid.Origin, valid.Manipulation, valid.TotalCellsE6, valid.WeightKg, valid.WeightMeasuredOn, valid.CellsPerKgE6, valid.DoseTier, valid.RulesVersion, valid.Route, valid.Guidance,
            valid.PlannedInjections, valid.IntervalDays, Adjuncts = string.Join(",", valid.Adjuncts), valid.RehabProgramme, valid.RehabWeeks,
            valid.RehabSessionsPerWeek, valid.RegulatoryPathway, Warnings = JsonSerializer.Serialize(valid.Warnings, PlanJson), By = by, At = at,
        }, tx);
    }
}

using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
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

    /// <summary>The plan rules for every CarePlan the unit creates: (entry, JSON path, message) for each problem.</summary>
    IEnumerable<(Entry Entry, string Path, string Message)> CheckCarePlans(List<Planned> unit)
    {
        var records = unit.Select(p => p.Record).ToList();
        foreach (var p in unit.Where(p => p.Fate == Fate.Create && p.Record is FhirCarePlan))
        {
            var x = (FhirCarePlan)p.Record;
            var evaluation = planRules.Evaluate(PlanRequest(x), PlanContextOf(records, x.PatientId));
            foreach (var (field, messages) in evaluation.Errors)
                foreach (var m in messages)
                    yield return (p.Entry, p.Entry.Path + "." + PlanPath(field), PlanPath(field) == "extension" ? $"{field}: {m}" : m);
        }
    }

    const string InsertPlan = """
        INSERT INTO treatment_plan_versions (id, version, patient_id, status, indication, target, target_level, candidacy_decision_id,
            consent_id, research_consent_id, cell_source, origin, manipulation, total_cells_e6, weight_kg, weight_measured_on,
            cells_per_kg_e6, dose_tier, rules_version, route, guidance, planned_injections, interval_days, adjuncts, rehab_programme,
            rehab_weeks, rehab_sessions_per_week, regulatory_pathway, warnings, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @Status, @Indication, @Target, @TargetLevel, @CandidacyDecisionId,
            @ConsentId, @ResearchConsentId, @CellSource, @Origin, @Manipulation, @TotalCellsE6, NULL, NULL,
            NULL, @DoseTier, @RulesVersion, @Route, @Guidance, @PlannedInjections, @IntervalDays, @Adjuncts, @RehabProgramme,
            @RehabWeeks, @RehabSessionsPerWeek, @RegulatoryPathway, @Warnings, @By, @At, 'import', NULL)
        """;
    const string DecisionsOfAssessment = """
        SELECT d.id FROM candidacy_decision_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.assessment_id = @assessmentId AND NOT d.entered_in_error ORDER BY d.recorded_at, d.id
        """;

    /// <summary>
    /// Writes the plan as version 1 with the status it was exported with (an imported completed or cancelled plan is not
    /// replayed version by version). The weight is not carried, so cells/kg stay empty as for a plan without a weight.
    /// </summary>
    async Task<string> WriteCarePlanAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, List<Planned> unit, FhirCarePlan x, string id,
        string patientId, Dictionary<(string, string), string> local, DateTimeOffset now, string by, CancellationToken ct)
    {
        var valid = planRules.Evaluate(PlanRequest(x), PlanContextOf(unit.Select(p => p.Record), x.PatientId)).Plan
            ?? throw new InvalidOperationException("A plan is written only after its check passed.");
        var hash = valid.CandidacyDecisionId.LastIndexOf('#');
        var assessment = local[("Condition", valid.CandidacyDecisionId[..hash])];
        var index = int.Parse(valid.CandidacyDecisionId[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var decisions = (await c.QueryAsync<string>(DecisionsOfAssessment, new { assessmentId = assessment }, tx)).ToList();
        await batch.Head.ExecuteAsync(ct, id, TreatmentPlanStore.Kind, patientId, now, by);
        await c.ExecuteAsync(InsertPlan, new
        {
            Id = id, PatientId = patientId, x.Status, valid.Indication, valid.Target, valid.TargetLevel, CandidacyDecisionId = decisions[index],
            ConsentId = local[("Consent", valid.ConsentId)], ResearchConsentId = valid.ResearchConsentId is null ? null : local[("Consent", valid.ResearchConsentId)],
            valid.CellSource, valid.Origin, valid.Manipulation, valid.TotalCellsE6, valid.DoseTier, valid.RulesVersion, valid.Route, valid.Guidance,
            valid.PlannedInjections, valid.IntervalDays, Adjuncts = string.Join(",", valid.Adjuncts), valid.RehabProgramme, valid.RehabWeeks,
            valid.RehabSessionsPerWeek, valid.RegulatoryPathway, Warnings = JsonSerializer.Serialize(valid.Warnings, PlanJson), By = by, At = now,
        }, tx);
        return TreatmentPlanStore.Kind;
    }
}

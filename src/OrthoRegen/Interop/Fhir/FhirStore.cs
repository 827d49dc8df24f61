using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using OrthoRegen.Instruments;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The SQL of the FHIR slice: it reads the current version of every record a patient bundle carries, and writes what an
/// import creates, plus <c>fhir_identifiers</c>, the only table it owns.
/// </summary>
/// <remarks>
/// REVIEW: export and import cross the other slices' tables on purpose: an import must be one transaction per patient
/// across patient, consent, assessment and response rows, which the slice stores (one transaction per call) cannot
/// join. Only current, not entered-in-error versions are read; imported rows are version 1 with source "import".
/// </remarks>
public sealed partial class FhirStore(InstrumentCatalog catalog)
{
    static string Current(string alias) => $" JOIN record_heads h ON h.id = {alias}.id AND h.current_version = {alias}.version ";

    const string PatientSql = """
        SELECT p.id AS Id, p.pseudonym_code AS PseudonymCode, s.code AS SiteCode, v.family_name AS FamilyName, v.given_name AS GivenName,
               v.birth_date AS BirthDate, v.sex AS Sex, v.language AS Language, v.record_number AS RecordNumber
        FROM patients p JOIN record_heads h ON h.id = p.id JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
        JOIN sites s ON s.id = p.site_id
        WHERE p.id = @patientId AND NOT v.entered_in_error
        """;
    static readonly string ConsentSql = """
        SELECT c.id AS Id, c.patient_id AS PatientId, c.form_code AS FormCode, c.form_version AS FormVersion, f.research AS Research,
               c.language AS Language, c.signed_at AS SignedAt, c.signer AS Signer, c.pathway AS Pathway,
               c.risks_explained AS RisksExplained, c.evidence_level_explained AS EvidenceLevelExplained, c.alternatives_explained AS AlternativesExplained,
               c.allogeneic_source_ack AS AllogeneicSourceAck, c.personal_data_processing AS PersonalDataProcessing,
               c.right_to_withdraw AS RightToWithdraw, c.long_term_followup_ack AS LongTermFollowUpAck, c.withdrawn_at AS WithdrawnAt
        FROM consent_versions c JOIN consent_forms f ON f.code = c.form_code AND f.version = c.form_version
        """ + Current("c") + " WHERE c.patient_id = @patientId AND NOT c.entered_in_error ORDER BY c.signed_at, c.id";
    static readonly string ConditionSql = """
        SELECT a.id AS Id, a.patient_id AS PatientId, a.indication AS Indication, a.target AS Target, a.assessed_on AS AssessedOn,
               a.symptom_duration_months AS SymptomDurationMonths, a.pain_nrs AS PainNrs, a.active_infection AS ActiveInfection,
               a.immune_disease_active AS ImmuneDiseaseActive, a.immunodeficiency AS Immunodeficiency,
               a.malignancy_active_or_recent AS MalignancyActiveOrRecent, a.pregnant_or_lactating AS PregnantOrLactating,
               a.anticoagulant_or_coagulopathy AS AnticoagulantOrCoagulopathy, a.hba1c_pct AS Hba1cPct,
               a.can_attend_followup_24m AS CanAttendFollowUp24m, a.poor_rehab_adherence AS PoorRehabAdherence,
               a.planned_origin AS PlannedOrigin, a.donor_eligibility AS DonorEligibility, a.notes AS Notes
        FROM assessment_versions a
        """ + Current("a") + " WHERE a.patient_id = @patientId AND NOT a.entered_in_error ORDER BY a.assessed_on, a.id";
    static readonly string DecisionsSql = """
        SELECT d.assessment_id AS AssessmentId, d.physician_decision AS Decision, d.rule_result AS RuleResult, d.research_only AS ResearchOnly,
               d.override_reason AS OverrideReason, d.decided_on AS DecidedOn
        FROM candidacy_decision_versions d
        """ + Current("d") + " WHERE d.patient_id = @patientId AND NOT d.entered_in_error ORDER BY d.recorded_at, d.id";
    static readonly string ImagingSql = """
        SELECT r.id AS Id, r.target AS Target, r.read_on AS ReadOn, r.kl_grade AS KlGrade, r.pfirrmann AS Pfirrmann, r.ais_grade AS AisGrade,
               r.modality AS Modality, r.reader AS Reader, r.level AS Level, r.neurological_level AS NeurologicalLevel, r.uems AS Uems,
               r.lems AS Lems, r.light_touch AS LightTouch, r.pin_prick AS PinPrick
        FROM imaging_read_versions r
        """ + Current("r") + " WHERE r.patient_id = @patientId AND NOT r.entered_in_error ORDER BY r.read_on, r.id";
    static readonly string BiomarkerSql = """
        SELECT b.id AS Id, b.analyte AS Analyte, b.specimen AS Specimen, b.value AS Value, b.unit AS Unit, b.sampled_on AS SampledOn
        FROM biomarker_versions b
        """ + Current("b") + " WHERE b.patient_id = @patientId AND NOT b.entered_in_error ORDER BY b.sampled_on, b.id";
    static readonly string ResponseSql = """
        SELECT r.id AS Id, r.instrument AS Instrument, r.definition_version AS DefinitionVersion, r.language AS Language, r.mode AS Mode,
               r.visit_code AS VisitCode, r.target AS Target, r.completed_on AS CompletedOn, r.items AS Items, r.scores AS Scores
        FROM instrument_response_versions r
        """ + Current("r") + " WHERE r.patient_id = @patientId AND NOT r.entered_in_error ORDER BY r.completed_on, r.id";
    static readonly string PlanSql = """
        SELECT p.id AS Id, p.patient_id AS PatientId, p.status AS Status, p.indication AS Indication, p.target AS Target, p.cell_source AS CellSource,
               p.origin AS Origin, p.route AS Route, p.total_cells_e6 AS TotalCellsE6, p.planned_injections AS PlannedInjections,
               p.interval_days AS IntervalDays, p.consent_id AS ConsentId, p.research_consent_id AS ResearchConsentId, p.manipulation AS Manipulation,
               p.guidance AS Guidance, p.regulatory_pathway AS RegulatoryPathway, p.target_level AS TargetLevel, p.adjuncts AS Adjuncts,
               p.rehab_programme AS RehabProgramme, p.rehab_weeks AS RehabWeeks, p.rehab_sessions_per_week AS RehabSessionsPerWeek,
               p.weight_kg AS WeightKg, p.weight_measured_on AS WeightMeasuredOn,
               (SELECT d.assessment_id FROM candidacy_decision_versions d WHERE d.id = p.candidacy_decision_id ORDER BY d.version DESC LIMIT 1) AS ConditionId
        FROM treatment_plan_versions p
        """ + Current("p") + " WHERE p.patient_id = @patientId AND NOT p.entered_in_error ORDER BY p.id";
    static readonly string HarvestSql = """
        SELECT c.id AS Id, c.tissue AS Tissue, c.collected_at AS CollectedAt,
               (SELECT min(l.lot_id) FROM product_lot_collections l WHERE l.collection_id = c.id) AS LotId,
               c.origin AS Origin, c.volume_ml AS VolumeMl, c.collector AS Collector, c.din AS Din, c.din_flags AS DinFlags, c.is_test AS IsTest
        FROM collection_versions c
        """ + Current("c") + " WHERE c.patient_id = @patientId AND NOT c.entered_in_error ORDER BY c.collected_at, c.id";
    static readonly string AdministrationSql = """
        SELECT a.id AS Id, a.lot_id AS LotId, a.plan_id AS PlanId, a.administered_at AS AdministeredAt, a.route AS Route, a.target AS Target,
               a.dose_viable_cells_e6 AS Dose, a.volume_ml AS VolumeMl, a.injection_number AS InjectionNumber, a.division_code AS DivisionCode,
               a.guidance AS Guidance, a.target_level AS TargetLevel, a.operator AS Operator, a.observation_minutes AS ObservationMinutes,
               a.immediate_reaction AS ImmediateReaction, a.reaction_note AS ReactionNote, a.scanned_din AS ScannedDin,
               a.scanned_product_code AS ScannedProductCode, a.scanned_patient_identifier AS ScannedPatientIdentifier,
               (SELECT k.created_at FROM administrations k WHERE k.id = a.id) AS RecordedAt
        FROM administration_versions a
        """ + Current("a") + " WHERE a.patient_id = @patientId AND NOT a.entered_in_error ORDER BY a.administered_at, a.id";
    static readonly string LotIdsSql = """
        SELECT lot_id FROM administrations WHERE patient_id = @patientId
        UNION SELECT l.lot_id FROM product_lot_collections l JOIN collection_versions c ON c.id = l.collection_id WHERE c.patient_id = @patientId
        UNION SELECT v.id FROM product_lot_versions v JOIN record_heads h ON h.id = v.id AND h.current_version = v.version WHERE v.recipient_patient_id = @patientId
        """;
    static readonly string LotSql = """
        SELECT l.id AS Id, l.lot_number AS LotNumber, l.din AS Din, v.product_description_code AS ProductCode, v.cell_source AS CellSource,
               v.origin AS Origin, v.expires_at AS ExpiresAt,
               (SELECT d.status FROM release_decision_versions d WHERE d.lot_id = l.id ORDER BY d.version DESC LIMIT 1) AS ReleaseStatus,
               (SELECT min(c.patient_id) FROM product_lot_collections pc JOIN collection_versions c ON c.id = pc.collection_id WHERE pc.lot_id = l.id) AS SourcePatientId,
               v.product_type AS ProductType, v.manipulation AS Manipulation, v.intended_route AS IntendedRoute, v.plan_id AS PlanId,
               v.treating_physician AS TreatingPhysician, v.dose_volume_ml AS DoseVolumeMl, v.recipient_patient_id AS RecipientPatientId
        FROM product_lots l JOIN product_lot_versions v ON v.id = l.id JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        WHERE l.id = @lotId
        """;
    static readonly string CustodySql = """
        SELECT e.id AS Id, e.event AS Event, e.at AS At, e.from_party AS FromParty, e.to_party AS ToParty, e.location AS Location,
               e.item_kind AS ItemKind, (SELECT d.division_code FROM lot_division_versions d WHERE d.id = e.item_id LIMIT 1) AS DivisionCode,
               e.temp_c AS TempC, e.temp_logger_id AS TempLoggerId, e.condition_ok AS ConditionOk, e.verifier_1 AS Verifier1,
               e.verifier_2 AS Verifier2, e.expires_at AS ExpiresAt, e.notes AS Notes
        FROM custody_event_versions e
        """ + Current("e") + " WHERE e.lot_id = @lotId AND NOT e.entered_in_error ORDER BY e.at, e.id";
    const string DecisionSql = """
        SELECT d.id AS Id, d.version AS Version, d.status AS Status, d.decided_at AS DecidedAt, d.authorised_by AS AuthorisedBy, d.reason AS Reason,
               d.physician_ack_by AS PhysicianAckBy, d.physician_ack_at AS PhysicianAckAt, d.physician_ack_note AS PhysicianAckNote
        FROM release_decision_versions d WHERE d.lot_id = @lotId AND NOT d.entered_in_error ORDER BY d.version
        """;
    static readonly string VisitSql = """
        SELECT v.id AS Id, v.visit_code AS VisitCode, v.scheduled_on AS ScheduledOn, v.actual_date AS ActualDate,
               v.window_start AS WindowStart, v.window_end AS WindowEnd, s.plan_id AS PlanId, s.day0 AS Day0, s.target_site AS ScheduleTarget,
               s.treating_physician AS TreatingPhysician, s.status AS Status, s.ended_on AS EndedOn, s.end_reason AS EndReason,
               s.endpoint_type AS EndpointType, s.endpoint_on AS EndpointOn, s.endpoint_level AS EndpointLevel, s.endpoint_note AS EndpointNote,
               v.findings AS Findings
        FROM follow_up_visit_versions v
        JOIN follow_up_schedule_versions s ON s.id = v.schedule_id JOIN record_heads hs ON hs.id = s.id AND hs.current_version = s.version
        """ + Current("v") + " WHERE v.patient_id = @patientId AND NOT v.entered_in_error ORDER BY v.target_date, v.id";
    static readonly string AdverseEventSql = """
        SELECT a.id AS Id, a.term AS Term, a.meddra_pt AS MeddraPt, a.grade AS Grade, a.onset AS Onset, a.serious AS Serious,
               a.outcome AS Outcome, a.administration_id AS AdministrationId, a.lot_id AS LotId, a.ctcae_term AS CtcaeTerm,
               a.ctcae_version AS CtcaeVersion, a.resolved AS Resolved, a.seriousness_criteria AS SeriousnessCriteria,
               a.seriousness_assessed AS SeriousnessAssessed, a.related_to_product AS RelatedToProduct, a.related_to_procedure AS RelatedToProcedure,
               a.action AS Action, a.aware_date AS AwareDate, a.reporter AS Reporter, a.cell_source AS CellSource, a.route AS Route, a.pathway AS Pathway
        FROM adverse_event_versions a
        """ + Current("a") + " WHERE a.patient_id = @patientId AND NOT a.entered_in_error ORDER BY a.onset, a.id";

    /// <summary>Ids of the patients at the actor's sites (all sites when <paramref name="siteIds"/> is null), in id order.</summary>
    public static async IAsyncEnumerable<string> PatientIdsAsync(DbConnection c, IReadOnlyList<string>? siteIds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = "";
        while (true)
        {
            var args = new DynamicParameters(new { after });
            var filter = siteIds is null ? "" : " AND " + Data.SqlList.In("site_id", siteIds, args, "site");
            var page = (await c.QueryAsync<string>(new CommandDefinition($"SELECT id FROM patients WHERE id > @after{filter} ORDER BY id LIMIT 1000", args, cancellationToken: ct))).ToList();
            foreach (var id in page) yield return id;
            if (page.Count < 1000) yield break;
            after = page[^1];
        }
    }

    public static async Task<FhirPatient?> PatientAsync(DbConnection c, string patientId, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<PatientRow>(new CommandDefinition(PatientSql, new { patientId }, cancellationToken: ct)) is { } r
            ? new FhirPatient(r.Id, r.PseudonymCode, r.SiteCode, r.FamilyName, r.GivenName, r.BirthDate, r.Sex, r.Language, r.RecordNumber) : null;

    /// <summary>The records of one patient of <paramref name="resourceType"/> (products and provenance: of the patient's lots).</summary>
    public async Task<IReadOnlyList<IFhirRecord>> RecordsAsync(DbConnection c, string patientId, string resourceType, CancellationToken ct)
    {
        CommandDefinition Q(string sql) => new(sql, new { patientId }, cancellationToken: ct);
        switch (resourceType)
        {
            case "Patient":
                return await PatientAsync(c, patientId, ct) is { } p ? [p] : [];
            case "Consent":
                return [.. (await c.QueryAsync<ConsentRow>(Q(ConsentSql))).Select(r => r.ToRecord())];
            case "Condition":
            {
                var decisions = (await c.QueryAsync<CandidacyRow>(Q(DecisionsSql))).ToList();
                return [.. (await c.QueryAsync<ConditionRow>(Q(ConditionSql))).Select(r => r.ToRecord(decisions.Where(d => d.AssessmentId == r.Id)))];
            }
            case "Observation":
            {
                var list = new List<IFhirRecord>();
                foreach (var r in await c.QueryAsync<ImagingRow>(Q(ImagingSql)))
                {
                    if (r.KlGrade is { } kl) list.Add(new FhirObservation(r.Id + "-kl", patientId, ObservationKind.Imaging, "KL_GRADE", r.ReadOn, kl, null, null, r.Target, null, null));
                    if (r.Pfirrmann is { } pf) list.Add(new FhirObservation(r.Id + "-pfirrmann", patientId, ObservationKind.Imaging, "PFIRRMANN", r.ReadOn, pf, null, null, r.Target, null, null));
                    if (r.AisGrade is { } ais) list.Add(new FhirObservation(r.Id + "-ais", patientId, ObservationKind.Imaging, "AIS_GRADE", r.ReadOn, null, null, ais, r.Target, null, null,
                        FhirDetail.Of(IsncsciExam.Url, ("modality", r.Modality), ("reader", r.Reader), ("level", r.Level), ("neurologicalLevel", r.NeurologicalLevel),
                            ("uems", r.Uems), ("lems", r.Lems), ("lightTouch", r.LightTouch), ("pinPrick", r.PinPrick))));
                }
                foreach (var r in await c.QueryAsync<BiomarkerRow>(Q(BiomarkerSql)))
                    list.Add(new FhirObservation(r.Id, patientId, ObservationKind.Biomarker, r.Analyte, r.SampledOn, (decimal)r.Value, r.Unit, null, null, r.Specimen, null));
                list.AddRange(await BodyMeasurementsAsync(c, patientId, ct));
                foreach (var r in await c.QueryAsync<ResponseRow>(Q(ResponseSql)))
                    list.AddRange(ScoreObservations(patientId, r));
                return list;
            }
            case "QuestionnaireResponse":
            {
                var plans = (await c.QueryAsync<PlanRow>(Q(PlanSql))).ToList();
                return [.. (await c.QueryAsync<ResponseRow>(Q(ResponseSql))).Select(r => new FhirQuestionnaireResponse(r.Id, patientId, r.Instrument,
                    r.DefinitionVersion, r.Language, r.Mode, r.VisitCode, r.Target, r.CompletedOn,
                    new(InstrumentJson.ReadItems(r.Items).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new ResponseItem(kv.Key, kv.Value))),
                    plans.FirstOrDefault(p => p.Target == r.Target)?.Id))];
            }
            case "CarePlan":
            {
                var history = await PlanStatusImport.OfPatientAsync(c, patientId, ct);
                return [.. (await c.QueryAsync<PlanRow>(Q(PlanSql))).Select(r => new FhirCarePlan(r.Id, r.PatientId, r.Status, r.Indication, r.Target, r.CellSource,
                    r.Origin, r.Route, (decimal)r.TotalCellsE6, r.PlannedInjections, r.IntervalDays, r.ConsentId, r.ConditionId, r.Manipulation, r.Guidance,
                    r.RegulatoryPathway, r.TargetLevel, new((r.Adjuncts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)), r.RehabProgramme, r.RehabWeeks,
                    r.RehabSessionsPerWeek, r.ResearchConsentId, r.WeightKg is { } kg ? (decimal)kg : null, r.WeightMeasuredOn, new(history[r.Id])))];
            }
            case "Procedure":
            {
                var list = new List<IFhirRecord>();
                foreach (var r in await c.QueryAsync<HarvestRow>(Q(HarvestSql)))
                    list.Add(new FhirProcedure(r.Id, patientId, FhirProcedure.Harvest, r.Tissue, r.CollectedAt, null, r.LotId, null, null, null,
                        FhirDetail.Of(ProductExtensions.Collection, ("origin", r.Origin), ("volumeMl", r.VolumeMl), ("collector", r.Collector),
                            ("din", r.Din), ("dinFlags", r.DinFlags), ("isTest", r.IsTest))));
                foreach (var r in await c.QueryAsync<AdministrationRow>(Q(AdministrationSql)))
                    list.Add(new FhirProcedure(r.Id, patientId, FhirProcedure.Administration, r.Route, r.AdministeredAt, r.Target, r.LotId, r.PlanId,
                        (decimal)r.Dose, (decimal)r.VolumeMl, FhirDetail.Of(ProductExtensions.Administration, ("injectionNumber", r.InjectionNumber),
                            ("divisionCode", r.DivisionCode), ("guidance", r.Guidance), ("targetLevel", r.TargetLevel), ("operator", r.Operator),
                            ("observationMinutes", r.ObservationMinutes), ("immediateReaction", r.ImmediateReaction), ("reactionNote", r.ReactionNote),
                            ("scannedDin", r.ScannedDin), ("scannedProductCode", r.ScannedProductCode), ("scannedPatientIdentifier", r.ScannedPatientIdentifier),
                            ("recordedAt", r.RecordedAt))));
                return list;
            }
            case "Encounter":
                return [.. (await c.QueryAsync<VisitRow>(Q(VisitSql))).Select(r => new FhirEncounter(r.Id, patientId, r.VisitCode, r.ScheduledOn, r.ActualDate, r.WindowStart, r.WindowEnd,
                    r.PlanId, FollowUpExtensions.ScheduleOf(r.Day0, r.ScheduleTarget, r.TreatingPhysician), FollowUpExtensions.EndOf(r.Status, r.EndedOn, r.EndReason),
                    FollowUpExtensions.EndpointOf(r.EndpointType, r.EndpointOn, r.EndpointLevel, r.EndpointNote),
                    r.Findings is null ? null : VisitFindingsExtension.FromStored(r.Findings)))];
            case "AdverseEvent":
            {
                var reports = await RegulatoryReportImport.OfPatientAsync(c, patientId, ct);
                return [.. (await c.QueryAsync<AdverseEventRow>(Q(AdverseEventSql))).Select(r => new FhirAdverseEvent(r.Id, patientId, r.Term, r.MeddraPt, r.Grade, r.Onset,
                    r.Serious, r.Outcome, r.AdministrationId, r.LotId, AdverseEventExtensions.DetailOf(r.CtcaeTerm, r.CtcaeVersion, r.Resolved,
                        r.SeriousnessCriteria.Split(',', StringSplitOptions.RemoveEmptyEntries), r.SeriousnessAssessed, r.RelatedToProduct, r.RelatedToProcedure,
                        r.Action, r.AwareDate, r.Reporter, r.CellSource, r.Route, r.Pathway), new(reports[r.Id])))];
            }
            default:
                throw new ArgumentException($"Not a patient resource type: {resourceType}.", nameof(resourceType));
        }
    }

    /// <summary>Ids of the lots a patient's records point at (harvested from, allocated to, administered).</summary>
    public static async Task<IReadOnlyList<string>> LotIdsAsync(DbConnection c, string patientId, CancellationToken ct) =>
        [.. (await c.QueryAsync<string>(new CommandDefinition(LotIdsSql, new { patientId }, cancellationToken: ct))).Order(StringComparer.Ordinal)];

    /// <summary>The lot as a product; the collection's patient is kept only when it is <paramref name="exportedPatient"/>
    /// (or for a full export, null), so a patient bundle never points at another patient.</summary>
    public static async Task<FhirProduct?> ProductAsync(DbConnection c, string lotId, string? exportedPatient, CancellationToken ct)
    {
        var r = await c.QuerySingleOrDefaultAsync<LotRow>(new CommandDefinition(LotSql, new { lotId }, cancellationToken: ct));
        if (r is null) return null;
        var source = exportedPatient is null || r.SourcePatientId == exportedPatient ? r.SourcePatientId : null;
        return new FhirProduct(r.Id, r.LotNumber, r.Din, r.ProductCode, r.CellSource, r.Origin, r.ReleaseStatus ?? CellLab.CellLabCodes.Quarantine, r.ExpiresAt, source,
            await LotDetailsAsync(c, r, exportedPatient, ct), await DonorAsync(c, r.Id, ct));
    }

    /// <summary>The lot's chain of custody and release decisions, oldest first.</summary>
    public static async Task<IReadOnlyList<FhirProvenance>> ProvenanceAsync(DbConnection c, string lotId, CancellationToken ct)
    {
        var list = new List<FhirProvenance>();
        foreach (var d in await c.QueryAsync<DecisionRow>(new CommandDefinition(DecisionSql, new { lotId }, cancellationToken: ct)))
            list.Add(new FhirProvenance($"{d.Id}-{d.Version}", lotId, "DECISION_" + d.Status, d.DecidedAt, d.AuthorisedBy, null, null,
                d.Reason is null && d.PhysicianAckBy is null ? null : FhirDetail.Of(ProductExtensions.Decision, ("reason", d.Reason),
                    ("physicianAckBy", d.PhysicianAckBy), ("physicianAckAt", d.PhysicianAckAt), ("physicianAckNote", d.PhysicianAckNote))));
        foreach (var e in await c.QueryAsync<CustodyRow>(new CommandDefinition(CustodySql, new { lotId }, cancellationToken: ct)))
            list.Add(new FhirProvenance(e.Id, lotId, e.Event, e.At, e.FromParty, e.ToParty, e.Location, FhirDetail.Of(ProductExtensions.Custody,
                ("itemKind", e.ItemKind), ("divisionCode", e.DivisionCode), ("tempC", e.TempC), ("tempLoggerId", e.TempLoggerId), ("conditionOk", e.ConditionOk),
                ("verifier1", e.Verifier1), ("verifier2", e.Verifier2), ("expiresAt", e.ExpiresAt), ("notes", e.Notes))));
        return [.. list.OrderBy(p => p.At).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }

    IEnumerable<FhirObservation> ScoreObservations(string patientId, ResponseRow r)
    {
        using var doc = JsonDocument.Parse(r.Scores);
        if (!doc.RootElement.TryGetProperty("scores", out var scores) || scores.ValueKind != JsonValueKind.Object) yield break;
        var definition = catalog.Find(r.Instrument)?.Definition;
        foreach (var s in scores.EnumerateObject())
        {
            if (s.Value.ValueKind != JsonValueKind.Number) continue;
            var unit = definition?.Scores.FirstOrDefault(d => d.Name == s.Name)?.Unit ?? "score";
            yield return new FhirObservation($"{r.Id}-{s.Name.Replace('_', '-')}", patientId, ObservationKind.Score, $"{r.Instrument}.{s.Name}",
                r.CompletedOn, s.Value.GetDecimal(), unit, null, r.Target, null, r.Id);
        }
    }

    // ---- rows -------------------------------------------------------------------------------------------------------

    sealed record ConsentRow
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string FormCode { get; init; } = "";
        public string FormVersion { get; init; } = "";
        public bool Research { get; init; }
        public string Language { get; init; } = "";
        public DateTimeOffset SignedAt { get; init; }
        public string Signer { get; init; } = "";
        public string Pathway { get; init; } = "";
        public bool RisksExplained { get; init; }
        public bool EvidenceLevelExplained { get; init; }
        public bool AlternativesExplained { get; init; }
        public bool AllogeneicSourceAck { get; init; }
        public bool PersonalDataProcessing { get; init; }
        public bool RightToWithdraw { get; init; }
        public bool LongTermFollowUpAck { get; init; }
        public DateTimeOffset? WithdrawnAt { get; init; }

        public FhirConsent ToRecord()
        {
            var acks = new List<string>();
            if (RisksExplained) acks.Add("RISKS");
            if (EvidenceLevelExplained) acks.Add("EVIDENCE_LEVEL");
            if (AlternativesExplained) acks.Add("ALTERNATIVES");
            if (AllogeneicSourceAck) acks.Add("ALLOGENEIC_SOURCE");
            if (PersonalDataProcessing) acks.Add("PERSONAL_DATA");
            if (RightToWithdraw) acks.Add("RIGHT_TO_WITHDRAW");
            if (LongTermFollowUpAck) acks.Add("LONG_TERM_FOLLOWUP");
            return new FhirConsent(Id, PatientId, FormCode, FormVersion, Research, Language, SignedAt, Signer, Pathway, new(acks), WithdrawnAt);
        }
    }

    sealed record PatientRow
    {
        public string Id { get; init; } = ""; public string PseudonymCode { get; init; } = ""; public string SiteCode { get; init; } = "";
        public string FamilyName { get; init; } = ""; public string GivenName { get; init; } = ""; public DateOnly BirthDate { get; init; }
        public string Sex { get; init; } = ""; public string Language { get; init; } = ""; public string? RecordNumber { get; init; }
    }
    sealed record ConditionRow
    {
        public string Id { get; init; } = ""; public string PatientId { get; init; } = ""; public string Indication { get; init; } = "";
        public string Target { get; init; } = ""; public DateOnly AssessedOn { get; init; } public int SymptomDurationMonths { get; init; }
        public int? PainNrs { get; init; } public bool ActiveInfection { get; init; } public bool ImmuneDiseaseActive { get; init; }
        public bool Immunodeficiency { get; init; } public bool MalignancyActiveOrRecent { get; init; } public bool PregnantOrLactating { get; init; }
        public bool AnticoagulantOrCoagulopathy { get; init; } public double? Hba1cPct { get; init; } public bool CanAttendFollowUp24m { get; init; }
        public bool PoorRehabAdherence { get; init; } public string? PlannedOrigin { get; init; } public string? DonorEligibility { get; init; }
        public string? Notes { get; init; }

        public FhirCondition ToRecord(IEnumerable<CandidacyRow> decisions)
        {
            var x = new List<string>();
            if (ActiveInfection) x.Add(FhirClinicalCodes.ActiveInfection);
            if (ImmuneDiseaseActive) x.Add(FhirClinicalCodes.ImmuneDiseaseActive);
            if (Immunodeficiency) x.Add(FhirClinicalCodes.Immunodeficiency);
            if (MalignancyActiveOrRecent) x.Add(FhirClinicalCodes.Malignancy);
            if (PregnantOrLactating) x.Add(FhirClinicalCodes.Pregnant);
            if (AnticoagulantOrCoagulopathy) x.Add(FhirClinicalCodes.Anticoagulation);
            if (!CanAttendFollowUp24m) x.Add(FhirClinicalCodes.CannotAttend);
            if (PoorRehabAdherence) x.Add(FhirClinicalCodes.PoorRehab);
            return new FhirCondition(Id, PatientId, Indication, Target, AssessedOn, SymptomDurationMonths, PainNrs, new(x),
                Hba1cPct is { } h ? (decimal)h : null, PlannedOrigin, DonorEligibility, Notes,
                new(decisions.Select(d => new FhirCandidacyDecision(d.Decision, d.RuleResult, d.ResearchOnly, d.OverrideReason, d.DecidedOn))));
        }
    }
    sealed record CandidacyRow
    {
        public string AssessmentId { get; init; } = ""; public string Decision { get; init; } = ""; public string RuleResult { get; init; } = "";
        public bool ResearchOnly { get; init; } public string? OverrideReason { get; init; } public DateOnly DecidedOn { get; init; }
    }
    sealed record ImagingRow { public string Id { get; init; } = ""; public string Target { get; init; } = ""; public DateOnly ReadOn { get; init; } public int? KlGrade { get; init; } public int? Pfirrmann { get; init; } public string? AisGrade { get; init; }
        public string Modality { get; init; } = ""; public string Reader { get; init; } = ""; public string? Level { get; init; } public string? NeurologicalLevel { get; init; }
        public int? Uems { get; init; } public int? Lems { get; init; } public int? LightTouch { get; init; } public int? PinPrick { get; init; } }
    sealed record BiomarkerRow { public string Id { get; init; } = ""; public string Analyte { get; init; } = ""; public string Specimen { get; init; } = ""; public double Value { get; init; } public string Unit { get; init; } = ""; public DateOnly SampledOn { get; init; } }
    sealed record ResponseRow
    {
        public string Id { get; init; } = ""; public string Instrument { get; init; } = ""; public string DefinitionVersion { get; init; } = "";
        public string Language { get; init; } = ""; public string Mode { get; init; } = ""; public string VisitCode { get; init; } = "";
        public string Target { get; init; } = ""; public DateOnly CompletedOn { get; init; } public string Items { get; init; } = "{}"; public string Scores { get; init; } = "{}";
    }
    sealed record PlanRow
    {
        public string Id { get; init; } = ""; public string PatientId { get; init; } = ""; public string Status { get; init; } = ""; public string Indication { get; init; } = "";
        public string Target { get; init; } = ""; public string CellSource { get; init; } = ""; public string Origin { get; init; } = ""; public string Route { get; init; } = "";
        public double TotalCellsE6 { get; init; } public int PlannedInjections { get; init; } public int? IntervalDays { get; init; }
        public string ConsentId { get; init; } = ""; public string? ConditionId { get; init; }
        public string? ResearchConsentId { get; init; } public string Manipulation { get; init; } = ""; public string Guidance { get; init; } = "";
        public string RegulatoryPathway { get; init; } = ""; public string? TargetLevel { get; init; } public string? Adjuncts { get; init; }
        public string? RehabProgramme { get; init; } public int? RehabWeeks { get; init; } public int? RehabSessionsPerWeek { get; init; }
        public double? WeightKg { get; init; } public DateOnly? WeightMeasuredOn { get; init; }
    }
    sealed record HarvestRow
    {
        public string Id { get; init; } = ""; public string Tissue { get; init; } = ""; public DateTimeOffset CollectedAt { get; init; } public string? LotId { get; init; }
        public string Origin { get; init; } = ""; public double VolumeMl { get; init; } public string Collector { get; init; } = ""; public string Din { get; init; } = "";
        public string DinFlags { get; init; } = ""; public bool IsTest { get; init; }
    }
    sealed record AdministrationRow
    {
        public string Id { get; init; } = ""; public string LotId { get; init; } = ""; public string PlanId { get; init; } = ""; public DateTimeOffset AdministeredAt { get; init; }
        public string Route { get; init; } = ""; public string Target { get; init; } = ""; public double Dose { get; init; } public double VolumeMl { get; init; }
        public int InjectionNumber { get; init; } public string? DivisionCode { get; init; } public string Guidance { get; init; } = ""; public string? TargetLevel { get; init; }
        public string? Operator { get; init; } public int ObservationMinutes { get; init; } public bool ImmediateReaction { get; init; } public string? ReactionNote { get; init; }
        public string? ScannedDin { get; init; } public string? ScannedProductCode { get; init; } public string? ScannedPatientIdentifier { get; init; }
        public DateTimeOffset? RecordedAt { get; init; }
    }
    sealed record LotRow
    {
        public string Id { get; init; } = ""; public string LotNumber { get; init; } = ""; public string Din { get; init; } = ""; public string ProductCode { get; init; } = "";
        public string CellSource { get; init; } = ""; public string Origin { get; init; } = ""; public DateTimeOffset ExpiresAt { get; init; }
        public string? ReleaseStatus { get; init; } public string? SourcePatientId { get; init; }
        public string ProductType { get; init; } = ""; public string Manipulation { get; init; } = ""; public string? IntendedRoute { get; init; } public string? PlanId { get; init; }
        public string? TreatingPhysician { get; init; } public double? DoseVolumeMl { get; init; } public string? RecipientPatientId { get; init; }
    }
    sealed record CustodyRow
    {
        public string Id { get; init; } = ""; public string Event { get; init; } = ""; public DateTimeOffset At { get; init; } public string FromParty { get; init; } = "";
        public string ToParty { get; init; } = ""; public string Location { get; init; } = ""; public string ItemKind { get; init; } = ""; public string? DivisionCode { get; init; }
        public double? TempC { get; init; } public string? TempLoggerId { get; init; } public bool ConditionOk { get; init; } public string? Verifier1 { get; init; }
        public string? Verifier2 { get; init; } public DateTimeOffset? ExpiresAt { get; init; } public string? Notes { get; init; }
    }
    sealed record DecisionRow
    {
        public string Id { get; init; } = ""; public int Version { get; init; } public string Status { get; init; } = ""; public DateTimeOffset DecidedAt { get; init; }
        public string AuthorisedBy { get; init; } = ""; public string? Reason { get; init; } public string? PhysicianAckBy { get; init; }
        public DateTimeOffset? PhysicianAckAt { get; init; } public string? PhysicianAckNote { get; init; }
    }
    sealed record VisitRow { public string Id { get; init; } = ""; public string VisitCode { get; init; } = ""; public DateOnly ScheduledOn { get; init; } public DateOnly? ActualDate { get; init; } public DateOnly WindowStart { get; init; } public DateOnly WindowEnd { get; init; }
        public string? PlanId { get; init; } public DateOnly Day0 { get; init; } public string ScheduleTarget { get; init; } = ""; public string TreatingPhysician { get; init; } = "";
        public string Status { get; init; } = ""; public DateOnly? EndedOn { get; init; } public string? EndReason { get; init; } public string? EndpointType { get; init; }
        public DateOnly? EndpointOn { get; init; } public string? EndpointLevel { get; init; } public string? EndpointNote { get; init; } public string? Findings { get; init; } }
    sealed record AdverseEventRow
    {
        public string Id { get; init; } = ""; public string Term { get; init; } = ""; public string? MeddraPt { get; init; } public int Grade { get; init; } public DateOnly Onset { get; init; }
        public bool Serious { get; init; } public string Outcome { get; init; } = ""; public string? AdministrationId { get; init; } public string? LotId { get; init; }
        public string? CtcaeTerm { get; init; } public string CtcaeVersion { get; init; } = ""; public DateOnly? Resolved { get; init; } public string SeriousnessCriteria { get; init; } = "";
        public bool SeriousnessAssessed { get; init; } public string RelatedToProduct { get; init; } = ""; public string RelatedToProcedure { get; init; } = "";
        public string Action { get; init; } = ""; public DateOnly AwareDate { get; init; } public string Reporter { get; init; } = ""; public string? CellSource { get; init; }
        public string? Route { get; init; } public string? Pathway { get; init; }
    }

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

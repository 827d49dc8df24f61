using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Candidacy;

/// <summary>The physician's decision on a candidacy, recorded against the rule result it was made on.</summary>
public sealed record RecordCandidacyDecision
{
    public string? AssessmentId { get; init; }
    /// <summary>PROCEED, DO_NOT_PROCEED or REFER_TO_RESEARCH.</summary>
    public string? Decision { get; init; }
    /// <summary>Required when the decision contradicts the rule result.</summary>
    public string? OverrideReason { get; init; }
}

/// <summary>A recorded decision.</summary>
public sealed record CandidacyDecision(
    string Id, string AssessmentId, string Indication, string RuleResult, bool ResearchOnly, string Decision,
    string? OverrideReason, DateOnly DecidedOn, string DecidedBy, DateTimeOffset RecordedAt, IReadOnlyList<RuleFinding> Trace);

/// <summary>The candidacy for one assessment: the evaluation and the decisions recorded on it.</summary>
public sealed record CandidacyView(string PatientId, string AssessmentId, CandidacyEvaluation Evaluation, IReadOnlyList<CandidacyDecision> Decisions);

/// <summary>
/// Gathers rule inputs from the stored record, evaluates rules C1–C9, and records physician decisions
/// (the only code touching <c>candidacy_decision_versions</c>).
/// </summary>
public sealed class CandidacyStore(
    Database database, AuditTrail audit, PatientStore patients, AssessmentStore assessments, ConsentStore consents,
    CandidacyRules rules, TimeProvider clock)
{
    public const string Kind = "candidacy_decision";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal const string InsertSql = """
        INSERT INTO candidacy_decision_versions (id, version, patient_id, assessment_id, indication, rule_result, fired_rules,
            research_only, physician_decision, override_reason, decided_on, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @AssessmentId, @Indication, @RuleResult, @FiredRules, @ResearchOnly, @Decision,
            @OverrideReason, @DecidedOn, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    const string SelectSql = """
        SELECT d.id AS Id, d.assessment_id AS AssessmentId, d.indication AS Indication, d.rule_result AS RuleResult,
               d.fired_rules AS FiredRules, d.research_only AS ResearchOnly, d.physician_decision AS Decision,
               d.override_reason AS OverrideReason, d.decided_on AS DecidedOn, d.recorded_by AS RecordedBy, d.recorded_at AS RecordedAt
        FROM candidacy_decision_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.patient_id = @patientId AND NOT d.entered_in_error
        ORDER BY d.recorded_at DESC
        """;

    // A no-op update that takes the assessment's head row lock on PostgreSQL (SQLite's IMMEDIATE transaction already
    // holds the write lock), so decisions on one assessment are made one after the other, on every node.
    const string LockAssessmentSql = "UPDATE record_heads SET current_version = current_version WHERE id = @id";
    const string LatestOnAssessmentSql = """
        SELECT d.id AS Id, d.physician_decision AS Decision, d.override_reason AS OverrideReason, d.recorded_by AS RecordedBy
        FROM candidacy_decision_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.assessment_id = @assessmentId AND NOT d.entered_in_error
        ORDER BY d.recorded_at DESC, d.id DESC LIMIT 1
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Evaluates the candidacy for <paramref name="assessmentId"/>, or for the patient's latest assessment when null.
    /// Null when the patient is not visible or has no such assessment. Audited as a read.
    /// </summary>
    public async Task<CandidacyView?> EvaluateAsync(Actor actor, string patientId, string? assessmentId, CancellationToken ct)
    {
        var patient = await patients.LoadAsync(actor, patientId, ct);
        if (patient is null) return null;
        var all = await assessments.ListAsync(patientId, ct);
        var assessment = assessmentId is null ? all.FirstOrDefault() : all.FirstOrDefault(a => a.Id == assessmentId);
        if (assessment is null) return null;
        var input = await GatherAsync(patient, assessment, ct);
        var evaluation = rules.Evaluate(input);
        var decisions = (await DecisionsAsync(patientId, ct)).Where(d => d.AssessmentId == assessment.Id).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "candidacy", assessment.Id, patientId), ct);
        return new CandidacyView(patientId, assessment.Id, evaluation, decisions);
    }

    public async Task<Outcome<CandidacyDecision>> DecideAsync(Actor actor, string patientId, RecordCandidacyDecision r, CancellationToken ct)
    {
        var e = new FieldErrors();
        var assessmentId = e.Required("assessmentId", r.AssessmentId, 64);
        var decision = e.OneOf("decision", r.Decision, PhysicianDecision.All);
        var reason = e.Optional("overrideReason", r.OverrideReason, 2000);
        if (!e.IsEmpty) return Outcome.Invalid<CandidacyDecision>(e.ToDictionary());

        var patient = await patients.LoadAsync(actor, patientId, ct);
        if (patient is null) return Outcome.NotFound<CandidacyDecision>();
        var assessment = (await assessments.ListAsync(patientId, ct)).FirstOrDefault(a => a.Id == assessmentId);
        if (assessment is null)
            return Outcome.Invalid<CandidacyDecision>(new FieldErrors().Add("assessmentId", "No such assessment for this patient.").ToDictionary());

        var evaluation = rules.Evaluate(await GatherAsync(patient, assessment, ct));
        CandidacyRules.CheckDecision(decision!, evaluation.Indication, evaluation.RuleResult, evaluation.ResearchOnly, reason, e);
        if (!e.IsEmpty) return Outcome.Invalid<CandidacyDecision>(e.ToDictionary());

        var now = clock.GetUtcNow();
        var id = await database.InTransactionAsync(async (c, tx) =>
        {
            // The same physician's same decision on the same assessment, already in force, is this decision sent twice
            // (a double-submitted form, a retry through another node): the first one is returned, nothing is recorded.
            await c.ExecuteAsync(LockAssessmentSql, new { id = assessment.Id }, tx);
            var latest = await c.QueryFirstOrDefaultAsync<LatestDecision>(LatestOnAssessmentSql, new { assessmentId = assessment.Id }, tx);
            if (latest is not null && latest.Decision == decision && latest.OverrideReason == reason && latest.RecordedBy == actor.Username)
                return latest.Id;
            var newId = Ids.New(clock);
            await VersionedRecords.CreateAsync(c, tx, newId, Kind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertSql, new
            {
                Id = newId, PatientId = patientId, AssessmentId = assessment.Id, evaluation.Indication, evaluation.RuleResult,
                FiredRules = JsonSerializer.Serialize(evaluation.Findings, Json), evaluation.ResearchOnly, Decision = decision,
                OverrideReason = reason, DecidedOn = Today, RecordedBy = actor.Username, RecordedAt = now,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, newId, patientId,
                reason is null ? ["physician_decision", "rule_result"] : ["physician_decision", "rule_result", "override_reason"]));
            return newId;
        }, ct);
        return (await DecisionsAsync(patientId, ct)).First(d => d.Id == id);
    }

    public async Task<IReadOnlyList<CandidacyDecision>> DecisionsAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await DecisionsAsync(c, null, patientId, ct);
    }

    /// <summary>The patient's decisions, newest first, as <paramref name="tx"/> sees them.</summary>
    internal static async Task<IReadOnlyList<CandidacyDecision>> DecisionsAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx,
        string patientId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<DecisionRow>(new CommandDefinition(SelectSql, new { patientId }, tx, cancellationToken: ct));
        return rows.Select(d => new CandidacyDecision(d.Id, d.AssessmentId, d.Indication, d.RuleResult, d.ResearchOnly, d.Decision,
            d.OverrideReason, d.DecidedOn, d.RecordedBy, d.RecordedAt,
            JsonSerializer.Deserialize<List<RuleFinding>>(d.FiredRules, Json) ?? [])).ToList();
    }

    /// <summary>Collects rule inputs: the assessment, the latest reads of its target, all treatments, BMI and consents.</summary>
    async Task<CandidacyInput> GatherAsync(PatientView patient, AssessmentRecord assessment, CancellationToken ct)
    {
        var a = assessment.Data;
        var reads = (await assessments.ImagingAsync(patient.Id, ct))
            .Where(r => r.Data.Target == a.Target && r.Data.ReadOn <= a.AssessedOn.AddDays(1) || r.AssessmentId == assessment.Id)
            .OrderByDescending(r => r.AssessmentId == assessment.Id).ThenByDescending(r => r.Data.ReadOn)
            .Select(r => r.Data).ToList();
        var xray = reads.FirstOrDefault(r => r.KlGrade is not null || r.BoneOnBone is not null);
        var avn = reads.FirstOrDefault(r => r.AvnStage is not null);
        var discs = reads.Where(r => r.Pfirrmann is not null && r.Level is not null)
            .GroupBy(r => r.Level!).Select(g => (g.Key, g.First().Pfirrmann!.Value)).ToList();
        var ais = reads.FirstOrDefault(r => r.AisGrade is not null);
        var treatments = (await assessments.TreatmentsAsync(patient.Id, ct))
            .Select(t => new PriorTreatment(t.Data.Type, t.Data.Target, t.Data.Response, t.Data.LastIaInjectionOn, t.Data.EndedOn)).ToList();
        var consentAck = (await consents.ListAsync(patient.Id, ct)).Any(c => c.IsValid && c.AllogeneicSourceAck);
        return new CandidacyInput
        {
            Indication = a.Indication,
            Target = a.Target,
            AsOf = Today,
            SymptomDurationMonths = a.SymptomDurationMonths,
            KlGrade = xray?.KlGrade,
            BoneOnBone = xray?.BoneOnBone,
            AvnStage = avn?.AvnStage,
            Pfirrmann = discs,
            AisGrade = ais?.AisGrade,
            ActiveInfection = a.ActiveInfection,
            ImmuneDiseaseActive = a.ImmuneDiseaseActive,
            Immunodeficiency = a.Immunodeficiency,
            MalignancyActiveOrRecent = a.MalignancyActiveOrRecent,
            PregnantOrLactating = a.PregnantOrLactating,
            AnticoagulantOrCoagulopathy = a.AnticoagulantOrCoagulopathy,
            Hba1cPct = a.Hba1cPct,
            Bmi = patient.Bmi,
            CanAttendFollowUp24m = a.CanAttendFollowUp24m,
            PoorRehabAdherence = a.PoorRehabAdherence,
            Treatments = treatments,
            PlannedOrigin = a.PlannedOrigin,
            DonorEligibility = a.DonorEligibility,
            ConsentAllogeneicAck = consentAck,
        };
    }

    sealed record LatestDecision
    {
        public string Id { get; init; } = "";
        public string Decision { get; init; } = "";
        public string? OverrideReason { get; init; }
        public string RecordedBy { get; init; } = "";
    }

    sealed record DecisionRow
    {
        public string Id { get; init; } = "";
        public string AssessmentId { get; init; } = "";
        public string Indication { get; init; } = "";
        public string RuleResult { get; init; } = "";
        public string FiredRules { get; init; } = "[]";
        public bool ResearchOnly { get; init; }
        public string Decision { get; init; } = "";
        public string? OverrideReason { get; init; }
        public DateOnly DecidedOn { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
    }
}

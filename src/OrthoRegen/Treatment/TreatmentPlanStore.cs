using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Treatment;

/// <summary>A plan with what it rests on: the candidacy decision, the consents, and every version (oldest first).</summary>
public sealed record TreatmentPlanDetail(
    TreatmentPlan Plan, CandidacyDecision? Decision, ConsentRecord? Consent, ConsentRecord? ResearchConsent, IReadOnlyList<TreatmentPlan> History);

/// <summary>
/// The only code touching <c>treatment_plan_versions</c>. Plans are versioned: amendments, completion and cancellation
/// add a version with a reason, with a compare-and-set on the version the physician saw. Every write and read is audited;
/// a plan of a patient the caller may not see is reported as not found.
/// </summary>
public sealed class TreatmentPlanStore(
    Database database, AuditTrail audit, PatientStore patients, ConsentStore consents, CandidacyStore candidacy,
    AssessmentStore assessments, TreatmentPlanRules rules, TimeProvider clock)
{
    public const string Kind = "treatment_plan";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    const string InsertSql = """
        INSERT INTO treatment_plan_versions (id, version, patient_id, status, indication, target, target_level, candidacy_decision_id,
            consent_id, research_consent_id, cell_source, origin, manipulation, total_cells_e6, weight_kg, weight_measured_on,
            cells_per_kg_e6, dose_tier, rules_version, route, guidance, planned_injections, interval_days, adjuncts, rehab_programme,
            rehab_weeks, rehab_sessions_per_week, regulatory_pathway, warnings, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @Status, @Indication, @Target, @TargetLevel, @CandidacyDecisionId,
            @ConsentId, @ResearchConsentId, @CellSource, @Origin, @Manipulation, @TotalCellsE6, @WeightKg, @WeightMeasuredOn,
            @CellsPerKgE6, @DoseTier, @RulesVersion, @Route, @Guidance, @PlannedInjections, @IntervalDays, @Adjuncts, @RehabProgramme,
            @RehabWeeks, @RehabSessionsPerWeek, @RegulatoryPathway, @Warnings, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string Columns = """
        SELECT p.id AS Id, p.patient_id AS PatientId, p.version AS Version, p.status AS Status, p.indication AS Indication,
               p.target AS Target, p.target_level AS TargetLevel, p.candidacy_decision_id AS CandidacyDecisionId,
               p.consent_id AS ConsentId, p.research_consent_id AS ResearchConsentId, p.cell_source AS CellSource,
               p.origin AS Origin, p.manipulation AS Manipulation, p.total_cells_e6 AS TotalCellsE6, p.weight_kg AS WeightKg,
               p.weight_measured_on AS WeightMeasuredOn, p.cells_per_kg_e6 AS CellsPerKgE6, p.dose_tier AS DoseTier,
               p.rules_version AS RulesVersion, p.route AS Route, p.guidance AS Guidance, p.planned_injections AS PlannedInjections,
               p.interval_days AS IntervalDays, p.adjuncts AS Adjuncts, p.rehab_programme AS RehabProgramme,
               p.rehab_weeks AS RehabWeeks, p.rehab_sessions_per_week AS RehabSessionsPerWeek,
               p.regulatory_pathway AS RegulatoryPathway, p.warnings AS Warnings, p.recorded_by AS RecordedBy,
               p.recorded_at AS RecordedAt, p.reason AS Reason
        FROM treatment_plan_versions p

        """;
    const string CurrentByIdSql = Columns + """
        JOIN record_heads h ON h.id = p.id AND h.current_version = p.version
        WHERE p.id = @planId AND NOT p.entered_in_error
        """;
    const string CurrentByPatientSql = Columns + """
        JOIN record_heads h ON h.id = p.id AND h.current_version = p.version
        WHERE p.patient_id = @patientId AND NOT p.entered_in_error
        ORDER BY h.created_at DESC, p.id DESC
        """;
    const string HistorySql = Columns + """
        WHERE p.id = @planId
        ORDER BY p.version
        """;

    /// <summary>
    /// The current version of a plan, without access checks or audit: for other slices' checks (administration) that
    /// have already decided the caller may act on the patient.
    /// </summary>
    public async Task<TreatmentPlan?> FindAsync(string planId, CancellationToken ct)
    {
        if (!Ids.LooksValid(planId)) return null;
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<PlanRow>(new CommandDefinition(CurrentByIdSql, new { planId }, cancellationToken: ct));
        return row?.ToPlan();
    }

    /// <summary>The plan if <paramref name="actor"/> may see its patient, else null (missing and not visible look the same). Audited.</summary>
    public async Task<TreatmentPlan?> GetAsync(Actor actor, string planId, CancellationToken ct)
    {
        var plan = await VisibleAsync(actor, planId, ct);
        if (plan is not null) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, planId, plan.PatientId), ct);
        return plan;
    }

    /// <summary>The plan, the decision and consents it rests on, and its versions; null when not visible. One audit row.</summary>
    public async Task<TreatmentPlanDetail?> DetailAsync(Actor actor, string planId, CancellationToken ct)
    {
        var plan = await VisibleAsync(actor, planId, ct);
        if (plan is null) return null;
        var decision = (await candidacy.DecisionsAsync(plan.PatientId, ct)).FirstOrDefault(d => d.Id == plan.CandidacyDecisionId);
        var all = await consents.ListAsync(plan.PatientId, ct);
        var history = await VersionsAsync(planId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, planId, plan.PatientId), ct);
        return new TreatmentPlanDetail(plan, decision, all.FirstOrDefault(x => x.Id == plan.ConsentId),
            plan.ResearchConsentId is null ? null : all.FirstOrDefault(x => x.Id == plan.ResearchConsentId), history);
    }

    /// <summary>Every version of a plan, oldest first; null when not visible. Audited.</summary>
    public async Task<IReadOnlyList<TreatmentPlan>?> HistoryAsync(Actor actor, string planId, CancellationToken ct)
    {
        var plan = await VisibleAsync(actor, planId, ct);
        if (plan is null) return null;
        var versions = await VersionsAsync(planId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind + "_history", planId, plan.PatientId), ct);
        return versions;
    }

    /// <summary>The patient's plans (current versions, newest first); null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<TreatmentPlan>?> ReadAllAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = await ListAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return list;
    }

    /// <summary>The patient's plans, newest first. Not audited: for callers that audit their own read (the chart).</summary>
    public async Task<IReadOnlyList<TreatmentPlan>> ListAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<PlanRow>(new CommandDefinition(CurrentByPatientSql, new { patientId }, cancellationToken: ct)))
            .Select(r => r.ToPlan()).ToList();
    }

    /// <summary>The rule context for the plan form; null when the patient is not visible. Audited as a read.</summary>
    public async Task<PlanContext?> ReadContextAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var context = await ContextAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind + "_context", null, patientId), ct);
        return context;
    }

    /// <summary>The rule context for a patient: consents, decisions (with their targets), and the latest weight.</summary>
    public async Task<PlanContext> ContextAsync(string patientId, CancellationToken ct)
    {
        var targets = (await assessments.ListAsync(patientId, ct)).ToDictionary(a => a.Id, a => a.Data.Target);
        var decisions = (await candidacy.DecisionsAsync(patientId, ct))
            .Where(d => targets.ContainsKey(d.AssessmentId))
            .Select(d => new TargetDecision(targets[d.AssessmentId], d)).ToList();
        return new PlanContext
        {
            Consents = await consents.ListAsync(patientId, ct),
            Decisions = decisions,
            LatestWeight = TreatmentPlanRules.LatestWeight(await patients.MeasurementsAsync(patientId, ct)),
        };
    }

    /// <summary>Checks the plan (fields, R1–R3, the consent and candidacy gate) and stores it as ACTIVE version 1.</summary>
    public async Task<Outcome<TreatmentPlan>> CreateAsync(Actor actor, string patientId, PlanTreatment request, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<TreatmentPlan>();
        // REVIEW: the gate is read before the write transaction; a consent withdrawn in the same instant is not seen.
        // Administration re-checks consent at the bedside, which is where it must hold.
        var evaluation = rules.Evaluate(request, await ContextAsync(patientId, ct));
        if (evaluation.Plan is not { } plan) return Outcome.Invalid<TreatmentPlan>(evaluation.Errors);

        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, Kind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertSql, Row(id, 1, patientId, TreatmentCodes.Active, plan, actor, now, null), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId,
                ["cell_source", "origin", "manipulation", "total_cells_e6", "dose_tier", "route", "guidance", "target", "consent_id", "candidacy_decision_id"]));
            return 0;
        }, ct);
        return (await FindAsync(id, ct))!;
    }

    /// <summary>Amends an active plan: the whole plan is checked again and stored as the next version with the reason.</summary>
    public async Task<Outcome<TreatmentPlan>> AmendAsync(Actor actor, string planId, AmendTreatmentPlan request, CancellationToken ct)
    {
        var current = await VisibleAsync(actor, planId, ct);
        if (current is null) return Outcome.NotFound<TreatmentPlan>();
        var e = new FieldErrors();
        var version = e.Integer("version", request.Version, 1, int.MaxValue, required: true);
        var reason = e.Required("reason", request.Reason, 500);
        var evaluation = rules.Evaluate(request, await ContextAsync(current.PatientId, ct));
        foreach (var (field, messages) in evaluation.Errors) foreach (var m in messages) e.Add(field, m);
        if (!e.IsEmpty) return Outcome.Invalid<TreatmentPlan>(e.ToDictionary());
        if (!current.IsActive) return Outcome.Conflict<TreatmentPlan>(TreatmentMessages.Format(TreatmentMessages.StatusNotActive, current.Status));

        var plan = evaluation.Plan!;
        var now = clock.GetUtcNow();
        var stale = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, planId, Kind, version!.Value);
            if (next is null or -1) return true;
            await c.ExecuteAsync(InsertSql, Row(planId, next.Value, current.PatientId, TreatmentCodes.Active, plan, actor, now, reason), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, planId, current.PatientId, ChangedFields(current, plan)));
            return false;
        }, ct);
        if (stale) return Outcome.Conflict<TreatmentPlan>(TreatmentMessages.Format(TreatmentMessages.Conflict, version));
        return (await FindAsync(planId, ct))!;
    }

    /// <summary>Completes or cancels an active plan (the next version, same content, with the reason).</summary>
    public async Task<Outcome<TreatmentPlan>> ChangeStatusAsync(Actor actor, string planId, ChangePlanStatus request, CancellationToken ct)
    {
        var current = await VisibleAsync(actor, planId, ct);
        if (current is null) return Outcome.NotFound<TreatmentPlan>();
        var e = new FieldErrors();
        var version = e.Integer("version", request.Version, 1, int.MaxValue, required: true);
        var (status, reason) = ValidateStatusChange(e, request);
        if (!e.IsEmpty) return Outcome.Invalid<TreatmentPlan>(e.ToDictionary());
        if (!current.IsActive) return Outcome.Conflict<TreatmentPlan>(TreatmentMessages.Format(TreatmentMessages.StatusNotActive, current.Status));

        var now = clock.GetUtcNow();
        var stale = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, planId, Kind, version!.Value);
            if (next is null or -1) return true;
            await c.ExecuteAsync(InsertSql, Row(planId, next.Value, current.PatientId, status!, ToValid(current), actor, now, reason), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, planId, current.PatientId, ["status"]));
            return false;
        }, ct);
        if (stale) return Outcome.Conflict<TreatmentPlan>(TreatmentMessages.Format(TreatmentMessages.Conflict, version));
        return (await FindAsync(planId, ct))!;
    }

    /// <summary>
    /// The fields of a status change: COMPLETED or CANCELLED (both final, reached only from ACTIVE) with a reason of at most
    /// 500 characters. Shared with the FHIR import, which carries a plan's status history.
    /// </summary>
    internal static (string? Status, string? Reason) ValidateStatusChange(FieldErrors e, ChangePlanStatus request) =>
        (e.OneOf("status", request.Status, TreatmentCodes.FinalStatuses), e.Required("reason", request.Reason, 500));

    async Task<TreatmentPlan?> VisibleAsync(Actor actor, string planId, CancellationToken ct)
    {
        var plan = await FindAsync(planId, ct);
        if (plan is null || await patients.LoadAsync(actor, plan.PatientId, ct) is null) return null;
        return plan;
    }

    async Task<IReadOnlyList<TreatmentPlan>> VersionsAsync(string planId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<PlanRow>(new CommandDefinition(HistorySql, new { planId }, cancellationToken: ct))).Select(r => r.ToPlan()).ToList();
    }

    static object Row(string id, int version, string patientId, string status, ValidPlan p, Actor actor, DateTimeOffset at, string? reason) => new
    {
        Id = id, Version = version, PatientId = patientId, Status = status, p.Indication, p.Target, p.TargetLevel, p.CandidacyDecisionId,
        p.ConsentId, p.ResearchConsentId, p.CellSource, p.Origin, p.Manipulation, p.TotalCellsE6, p.WeightKg, p.WeightMeasuredOn,
        p.CellsPerKgE6, p.DoseTier, p.RulesVersion, p.Route, p.Guidance, p.PlannedInjections, p.IntervalDays,
        Adjuncts = string.Join(",", p.Adjuncts), p.RehabProgramme, p.RehabWeeks, p.RehabSessionsPerWeek, p.RegulatoryPathway,
        Warnings = JsonSerializer.Serialize(p.Warnings, Json), RecordedBy = actor.Username, RecordedAt = at, Source = RecordSource.Clinic,
        Reason = reason,
    };

    /// <summary>A stored version as a plan value, so a status change copies the content unchanged.</summary>
    static ValidPlan ToValid(TreatmentPlan p) => new(
        p.Indication, p.Target, p.TargetLevel, p.CandidacyDecisionId, p.ConsentId, p.ResearchConsentId, p.CellSource, p.Origin,
        p.Manipulation, p.TotalCellsE6, p.WeightKg, p.WeightMeasuredOn, p.CellsPerKgE6, p.DoseTier, p.RulesVersion, p.Route,
        p.Guidance, p.PlannedInjections, p.IntervalDays, p.Adjuncts, p.RehabProgramme, p.RehabWeeks, p.RehabSessionsPerWeek,
        p.RegulatoryPathway, p.Warnings);

    static List<string> ChangedFields(TreatmentPlan before, ValidPlan after)
    {
        var f = new List<string>();
        void Check(string name, object? a, object? b) { if (!Equals(a, b)) f.Add(name); }
        Check("indication", before.Indication, after.Indication);
        Check("target", before.Target, after.Target);
        Check("target_level", before.TargetLevel, after.TargetLevel);
        Check("candidacy_decision_id", before.CandidacyDecisionId, after.CandidacyDecisionId);
        Check("consent_id", before.ConsentId, after.ConsentId);
        Check("research_consent_id", before.ResearchConsentId, after.ResearchConsentId);
        Check("cell_source", before.CellSource, after.CellSource);
        Check("origin", before.Origin, after.Origin);
        Check("manipulation", before.Manipulation, after.Manipulation);
        Check("total_cells_e6", before.TotalCellsE6, after.TotalCellsE6);
        Check("weight_kg", before.WeightKg, after.WeightKg);
        Check("dose_tier", before.DoseTier, after.DoseTier);
        Check("route", before.Route, after.Route);
        Check("guidance", before.Guidance, after.Guidance);
        Check("planned_injections", before.PlannedInjections, after.PlannedInjections);
        Check("interval_days", before.IntervalDays, after.IntervalDays);
        Check("adjuncts", string.Join(",", before.Adjuncts), string.Join(",", after.Adjuncts));
        Check("rehab_programme", before.RehabProgramme, after.RehabProgramme);
        Check("rehab_weeks", before.RehabWeeks, after.RehabWeeks);
        Check("rehab_sessions_per_week", before.RehabSessionsPerWeek, after.RehabSessionsPerWeek);
        Check("regulatory_pathway", before.RegulatoryPathway, after.RegulatoryPathway);
        return f;
    }

    sealed record PlanRow
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public int Version { get; init; }
        public string Status { get; init; } = "";
        public string Indication { get; init; } = "";
        public string Target { get; init; } = "";
        public string? TargetLevel { get; init; }
        public string CandidacyDecisionId { get; init; } = "";
        public string ConsentId { get; init; } = "";
        public string? ResearchConsentId { get; init; }
        public string CellSource { get; init; } = "";
        public string Origin { get; init; } = "";
        public string Manipulation { get; init; } = "";
        public double TotalCellsE6 { get; init; }
        public double? WeightKg { get; init; }
        public DateOnly? WeightMeasuredOn { get; init; }
        public double? CellsPerKgE6 { get; init; }
        public string DoseTier { get; init; } = "";
        public string RulesVersion { get; init; } = "";
        public string Route { get; init; } = "";
        public string Guidance { get; init; } = "";
        public int PlannedInjections { get; init; }
        public int? IntervalDays { get; init; }
        public string Adjuncts { get; init; } = "";
        public string? RehabProgramme { get; init; }
        public int? RehabWeeks { get; init; }
        public int? RehabSessionsPerWeek { get; init; }
        public string RegulatoryPathway { get; init; } = "";
        public string Warnings { get; init; } = "[]";
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string? Reason { get; init; }

        public TreatmentPlan ToPlan() => new()
        {
            Id = Id, PatientId = PatientId, Version = Version, Status = Status, Indication = Indication, Target = Target,
            TargetLevel = TargetLevel, CandidacyDecisionId = CandidacyDecisionId, ConsentId = ConsentId,
            ResearchConsentId = ResearchConsentId, CellSource = CellSource, Origin = Origin, Manipulation = Manipulation,
            TotalCellsE6 = TotalCellsE6, WeightKg = WeightKg, WeightMeasuredOn = WeightMeasuredOn, CellsPerKgE6 = CellsPerKgE6,
            DoseTier = DoseTier, RulesVersion = RulesVersion, Route = Route, Guidance = Guidance, PlannedInjections = PlannedInjections,
            IntervalDays = IntervalDays, Adjuncts = Adjuncts.Length == 0 ? [] : Adjuncts.Split(','), RehabProgramme = RehabProgramme,
            RehabWeeks = RehabWeeks, RehabSessionsPerWeek = RehabSessionsPerWeek, RegulatoryPathway = RegulatoryPathway,
            Warnings = JsonSerializer.Deserialize<List<PlanWarning>>(Warnings, Json) ?? [], RecordedBy = RecordedBy,
            RecordedAt = RecordedAt, Reason = Reason,
        };
    }
}

using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.FollowUp;

/// <summary>
/// Follow-up schedules and visit records (DOMAIN.md 2 FollowUpVisit, 4.2): the only code touching
/// <c>follow_up_schedules</c>, <c>follow_up_schedule_versions</c> and <c>follow_up_visit_versions</c>. Every change is a
/// new version audited in the same transaction; statuses are computed on read from the injected clock.
/// </summary>
public sealed partial class FollowUpStore(
    Database database, AuditTrail audit, PatientStore patients, ResponseStore responses, InstrumentCatalog catalog,
    ScheduleDefinition definition, TimeProvider clock)
{
    public const string ScheduleKind = "follow_up_schedule";
    public const string VisitKind = "follow_up_visit";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal const string FindScheduleSql = """
        SELECT id FROM follow_up_schedules WHERE patient_id = @patientId AND target_site = @targetSite AND plan_key = @planKey
        """;
    internal const string InsertScheduleKeySql = """
        INSERT INTO follow_up_schedules (id, patient_id, target_site, plan_key, created_at)
        VALUES (@Id, @PatientId, @TargetSite, @PlanKey, @At)
        ON CONFLICT (patient_id, target_site, plan_key) DO NOTHING
        """;
    internal const string InsertScheduleSql = """
        INSERT INTO follow_up_schedule_versions (id, version, patient_id, plan_id, target_site, day0, treating_physician,
            definition_version, status, ended_on, end_reason, endpoint_type, endpoint_on, endpoint_level, endpoint_note,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @PlanId, @Target, @Day0, @TreatingPhysician, @DefinitionVersion, @Status, @EndedOn,
            @EndReason, @EndpointType, @EndpointOn, @EndpointLevel, @EndpointNote, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    internal const string InsertVisitSql = """
        INSERT INTO follow_up_visit_versions (id, version, schedule_id, patient_id, visit_code, seq, target_date, window_start,
            window_end, in_window_only, content, scheduled_on, actual_date, findings, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @ScheduleId, @PatientId, @Code, @Seq, @TargetDate, @WindowStart, @WindowEnd, @InWindowOnly,
            @Content, @ScheduledOn, @ActualDate, @Findings, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    internal const string ScheduleColumns = """
        SELECT s.id AS Id, s.version AS Version, s.patient_id AS PatientId, s.plan_id AS PlanId, s.target_site AS Target,
               s.day0 AS Day0, s.treating_physician AS TreatingPhysician, s.definition_version AS DefinitionVersion,
               s.status AS Status, s.ended_on AS EndedOn, s.end_reason AS EndReason, s.endpoint_type AS EndpointType,
               s.endpoint_on AS EndpointOn, s.endpoint_level AS EndpointLevel, s.endpoint_note AS EndpointNote,
               s.recorded_by AS RecordedBy, s.recorded_at AS RecordedAt, s.source AS Source, s.reason AS Reason
        FROM follow_up_schedule_versions s JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
        """;
    const string VisitColumns = """
        SELECT v.id AS Id, v.version AS Version, v.schedule_id AS ScheduleId, v.patient_id AS PatientId, v.visit_code AS Code,
               v.seq AS Seq, v.target_date AS TargetDate, v.window_start AS WindowStart, v.window_end AS WindowEnd,
               v.in_window_only AS InWindowOnly, v.content AS Content, v.scheduled_on AS ScheduledOn, v.actual_date AS ActualDate,
               v.findings AS Findings, v.recorded_by AS RecordedBy, v.recorded_at AS RecordedAt, v.source AS Source, v.reason AS Reason
        FROM follow_up_visit_versions v
        """;
    internal const string CurrentVisits = VisitColumns + " JOIN record_heads h ON h.id = v.id AND h.current_version = v.version";
    const string WorklistSql = """
        SELECT v.id AS VisitId, v.schedule_id AS ScheduleId, v.patient_id AS PatientId, v.visit_code AS Code,
               v.target_date AS TargetDate, v.scheduled_on AS ScheduledOn, v.window_start AS WindowStart, v.window_end AS WindowEnd,
               s.target_site AS Target, s.treating_physician AS TreatingPhysician, s.endpoint_on AS EndpointOn,
               p.pseudonym_code AS PseudonymCode, st.code AS SiteCode, pv.family_name AS FamilyName, pv.given_name AS GivenName
        FROM follow_up_visit_versions v
        JOIN record_heads hv ON hv.id = v.id AND hv.current_version = v.version
        JOIN follow_up_schedule_versions s ON s.id = v.schedule_id
        JOIN record_heads hs ON hs.id = s.id AND hs.current_version = s.version
        JOIN patients p ON p.id = v.patient_id
        JOIN sites st ON st.id = p.site_id
        JOIN record_heads hp ON hp.id = p.id
        JOIN patient_versions pv ON pv.id = p.id AND pv.version = hp.current_version
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The schedule definition in use (windows, targets, horizon, each with its source).</summary>
    public ScheduleDefinition Definition => definition;

    // ---- starting a schedule ----------------------------------------------------------------------------------------

    /// <summary>
    /// Starts the follow-up schedule of <paramref name="patientId"/>'s <paramref name="targetSite"/> with Day 0 =
    /// <paramref name="day0"/> inside the caller's transaction (the administration of the first injection), audited there.
    /// Idempotent per patient, target and plan: when the schedule exists its id is returned and nothing changes, so a
    /// second injection does not reset the schedule (DOMAIN.md 4.2). The caller has checked the patient is visible;
    /// the treating physician is the actor.
    /// </summary>
    public async Task<string> StartScheduleAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, string? planId,
        string targetSite, DateOnly day0, CancellationToken ct) =>
        (await StartInAsync(c, tx, actor, patientId, planId, targetSite, day0, actor.Username, ct)).Id;

    /// <summary>Starts a schedule by hand (a patient treated before the system was in use). Audited.</summary>
    public async Task<Outcome<ScheduleStart>> StartAsync(Actor actor, string patientId, StartSchedule r, CancellationToken ct)
    {
        var (valid, e) = ScheduleStartValidation.Validate(r, actor.IsIn(Roles.Physician) ? actor.Username : null, Today);
        if (valid is null) return Outcome.Invalid<ScheduleStart>(e.ToDictionary());
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<ScheduleStart>();

        var (id, created) = await database.InTransactionAsync(
            (c, tx) => StartInAsync(c, tx, actor, patientId, valid.PlanId, valid.Target, valid.Day0, valid.TreatingPhysician, ct), ct);
        var view = (await LoadSchedulesAsync(patientId, ct)).First(s => s.Id == id);
        return new ScheduleStart(view, created);
    }

    async Task<(string Id, bool Created)> StartInAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, string? planId,
        string targetSite, DateOnly day0, string treatingPhysician, CancellationToken ct)
    {
        if (!Ids.LooksValid(patientId)) throw new ArgumentException("Not a patient id.", nameof(patientId));
        if (!AssessmentCodes.Targets.Contains(targetSite)) throw new ArgumentException($"Unknown target {targetSite}.", nameof(targetSite));
        if (planId is { Length: 0 or > 64 }) throw new ArgumentException("A plan id is 1-64 characters.", nameof(planId));
        var key = new { patientId, targetSite, planKey = planId ?? "" };
        if (await c.ExecuteScalarAsync<string?>(new CommandDefinition(FindScheduleSql, key, tx, cancellationToken: ct)) is { } existing)
            return (existing, false);

        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await VersionedRecords.CreateAsync(c, tx, id, ScheduleKind, patientId, now, actor.Username);
        var inserted = await c.ExecuteAsync(new CommandDefinition(InsertScheduleKeySql,
            new { Id = id, PatientId = patientId, TargetSite = targetSite, PlanKey = planId ?? "", At = now }, tx, cancellationToken: ct));
        if (inserted == 0)
        {
            // A concurrent start won (PostgreSQL waited for it, then skipped the row): drop our head and use theirs.
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM record_heads WHERE id = @id", new { id }, tx, cancellationToken: ct));
            return ((await c.ExecuteScalarAsync<string?>(new CommandDefinition(FindScheduleSql, key, tx, cancellationToken: ct)))!, false);
        }
        await c.ExecuteAsync(new CommandDefinition(InsertScheduleSql, new
        {
            Id = id, Version = 1, PatientId = patientId, PlanId = planId, Target = targetSite, Day0 = day0, TreatingPhysician = treatingPhysician,
            DefinitionVersion = definition.Version, Status = FollowUpCodes.Active, EndedOn = (DateOnly?)null, EndReason = (string?)null,
            EndpointType = (string?)null, EndpointOn = (DateOnly?)null, EndpointLevel = (string?)null, EndpointNote = (string?)null,
            RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic, Reason = (string?)null,
        }, tx, cancellationToken: ct));
        var planned = definition.Generate(day0);
        foreach (var v in planned)
        {
            var vid = Ids.New(clock);
            await VersionedRecords.CreateAsync(c, tx, vid, VisitKind, patientId, now, actor.Username);
            await c.ExecuteAsync(new CommandDefinition(InsertVisitSql, new
            {
                Id = vid, Version = 1, ScheduleId = id, PatientId = patientId, v.Code, v.Seq, TargetDate = v.Target,
                WindowStart = v.Window.Start, WindowEnd = v.Window.End, v.InWindowOnly, Content = string.Join(",", v.Content),
                ScheduledOn = v.Target, ActualDate = (DateOnly?)null, Findings = (string?)null,
                RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic, Reason = (string?)null,
            }, tx, cancellationToken: ct));
        }
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, ScheduleKind, id, patientId,
            ["target_site", "day0", "treating_physician", planId is null ? "plan_id=none" : "plan_id", $"visits={planned.Count}"]));
        return (id, true);
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    /// <summary>The patient's schedules with statuses for today; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<FollowUpScheduleView>?> ReadAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = await LoadSchedulesAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, ScheduleKind, null, patientId), ct);
        return list;
    }

    /// <summary>One visit (current version) with its schedule; null when missing or not visible. Audited.</summary>
    public async Task<(FollowUpScheduleView Schedule, FollowUpVisitView Visit)?> ReadVisitAsync(Actor actor, string visitId, CancellationToken ct)
    {
        var found = await FindVisitAsync(actor, visitId, ct);
        if (found is null) return null;
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, VisitKind, visitId, found.Value.Schedule.PatientId), ct);
        return found;
    }

    /// <summary>Every version of one visit, oldest first (rescheduling and corrections keep history); null when not visible. Audited.</summary>
    public async Task<IReadOnlyList<FollowUpVisitView>?> VisitHistoryAsync(Actor actor, string visitId, CancellationToken ct)
    {
        var found = await FindVisitAsync(actor, visitId, ct);
        if (found is null) return null;
        var (schedule, _) = found.Value;
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<VisitRow>(new CommandDefinition(VisitColumns + " WHERE v.id = @visitId ORDER BY v.version",
            new { visitId }, cancellationToken: ct));
        var planned = (await VisitRowsAsync([schedule.Id], ct)).Select(r => r.ToPlanned()).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, VisitKind + "_history", visitId, schedule.PatientId), ct);
        var s = await ScheduleRowAsync(schedule.Id, ct);
        return rows.Select(r => ToView(r, s!, planned)).ToList();
    }

    async Task<(FollowUpScheduleView Schedule, FollowUpVisitView Visit)?> FindVisitAsync(Actor actor, string visitId, CancellationToken ct)
    {
        if (!Ids.LooksValid(visitId)) return null;
        await using var c = await database.OpenAsync(ct);
        var patientId = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT patient_id FROM record_heads WHERE id = @visitId AND kind = @kind", new { visitId, kind = VisitKind }, cancellationToken: ct));
        if (patientId is null || await patients.LoadAsync(actor, patientId, ct) is null) return null;
        foreach (var s in await LoadSchedulesAsync(patientId, ct))
            if (s.Visits.FirstOrDefault(v => v.Id == visitId) is { } v) return (s, v);
        return null;
    }

    async Task<IReadOnlyList<FollowUpScheduleView>> LoadSchedulesAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var schedules = (await c.QueryAsync<ScheduleRow>(new CommandDefinition(
            ScheduleColumns + " WHERE s.patient_id = @patientId AND NOT s.entered_in_error ORDER BY s.day0, s.target_site",
            new { patientId }, cancellationToken: ct))).ToList();
        var visits = await VisitRowsAsync(schedules.Select(s => s.Id).ToList(), ct);
        return schedules.Select(s => ToView(s, visits.Where(v => v.ScheduleId == s.Id).ToList())).ToList();
    }

    async Task<ScheduleRow?> ScheduleRowAsync(string scheduleId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition(
            ScheduleColumns + " WHERE s.id = @scheduleId AND NOT s.entered_in_error", new { scheduleId }, cancellationToken: ct));
    }

    async Task<List<VisitRow>> VisitRowsAsync(IReadOnlyList<string> scheduleIds, CancellationToken ct)
    {
        if (scheduleIds.Count == 0) return [];
        var args = new DynamicParameters();
        var where = SqlList.In("v.schedule_id", scheduleIds, args, "s");
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<VisitRow>(new CommandDefinition(
            CurrentVisits + " WHERE " + where + " AND NOT v.entered_in_error ORDER BY v.schedule_id, v.seq", args, cancellationToken: ct))).ToList();
    }

    FollowUpScheduleView ToView(ScheduleRow s, IReadOnlyList<VisitRow> visits)
    {
        var planned = visits.Select(v => v.ToPlanned()).ToList();
        return new FollowUpScheduleView(s.Id, s.Version, s.PatientId, s.PlanId, s.Target, s.Day0, s.TreatingPhysician,
            s.DefinitionVersion, s.Status, s.EndedOn, s.EndReason,
            s.EndpointType is null ? null : new EndpointEvent(s.EndpointType, s.EndpointOn!.Value, s.EndpointLevel, s.EndpointNote),
            visits.Select(v => ToView(v, s, planned)).ToList());
    }

    FollowUpVisitView ToView(VisitRow v, ScheduleRow s, IReadOnlyList<PlannedVisit> planned)
    {
        var window = VisitWindow.Between(v.WindowStart, v.WindowEnd);
        var content = v.Content.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var safetyOnly = VisitStatus.IsSafetyOnly(v.TargetDate, v.ActualDate, s.EndpointOn);
        return new FollowUpVisitView(v.Id, v.Version, v.Code, v.Seq, v.TargetDate, v.ScheduledOn, v.WindowStart, v.WindowEnd,
            v.InWindowOnly, content, VisitStatus.EffectiveContent(content, safetyOnly, definition.SafetyContent.Value), safetyOnly,
            v.ActualDate, VisitStatus.Of(window, v.ActualDate, Today, s.EndedOn),
            v.ActualDate is { } a ? VisitAssignment.Assign(planned, a, definition.AnalysisWindowFactor.Value) : null,
            v.Findings is null ? null : JsonSerializer.Deserialize<VisitFindings>(v.Findings, Json),
            v.RecordedBy, v.RecordedAt, v.Reason);
    }

    // ---- visits -----------------------------------------------------------------------------------------------------

    /// <summary>Records (or corrects, with a reason) what happened at a visit: a new version of the visit. Audited.</summary>
    public async Task<Outcome<FollowUpVisitView>> RecordVisitAsync(Actor actor, string visitId, RecordVisit r, CancellationToken ct)
    {
        var found = await FindVisitAsync(actor, visitId, ct);
        if (found is null) return Outcome.NotFound<FollowUpVisitView>();
        var (schedule, visit) = found.Value;
        var stored = (await responses.ListAsync(schedule.PatientId, ct)).ToDictionary(x => x.Id, x => x.Instrument, StringComparer.Ordinal);
        var ctx = new VisitRecordContext(schedule.Day0, schedule.Target, Today, schedule.EndedOn, visit.ActualDate is not null, stored,
            catalog.Definitions.Select(d => d.Code).ToList());
        var (actual, findings, reason, e) = VisitRecordValidation.Validate(r, ctx);
        if (!e.IsEmpty) return Outcome.Invalid<FollowUpVisitView>(e.ToDictionary());

        var fields = new List<string> { "actual_date" };
        if (findings!.Instruments.Count > 0) fields.Add("instruments");
        if (findings.Exam is not null) fields.Add("exam");
        if (findings.Imaging.Count > 0) fields.Add("imaging");
        if (findings.Biomarkers.Count > 0) fields.Add("biomarkers");
        if (findings.NewTreatments.Count > 0) fields.Add("new_treatments");
        var ok = await NewVisitVersionAsync(actor, visit, schedule, r.Version!.Value, visit.ScheduledOn, actual, findings, reason,
            visit.ActualDate is null ? AuditAction.Create : AuditAction.Update, fields, ct);
        if (!ok) return Outcome.Conflict<FollowUpVisitView>(FollowUpMessages.StaleVisit);
        return (await FindVisitAsync(actor, visitId, ct))!.Value.Visit;
    }

    /// <summary>Moves a visit's appointment with a reason (a new version; the protocol window stays). Audited.</summary>
    public async Task<Outcome<FollowUpVisitView>> RescheduleAsync(Actor actor, string visitId, RescheduleVisit r, CancellationToken ct)
    {
        var found = await FindVisitAsync(actor, visitId, ct);
        if (found is null) return Outcome.NotFound<FollowUpVisitView>();
        var (schedule, visit) = found.Value;
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var on = e.Date("scheduledOn", r.ScheduledOn, required: true, schedule.Day0.AddDays(-60), visit.WindowEnd.AddDays(365));
        var reason = e.Required("reason", r.Reason, 500);
        if (visit.ActualDate is not null) e.Add("scheduledOn", FollowUpMessages.AlreadyDone);
        else if (visit.Status == VisitStatus.Withdrawn) e.Add("scheduledOn", FollowUpMessages.FollowUpEnded);
        if (!e.IsEmpty) return Outcome.Invalid<FollowUpVisitView>(e.ToDictionary());

        var ok = await NewVisitVersionAsync(actor, visit, schedule, r.Version!.Value, on!.Value, null, null, reason,
            AuditAction.Update, ["scheduled_on"], ct);
        if (!ok) return Outcome.Conflict<FollowUpVisitView>(FollowUpMessages.StaleVisit);
        return (await FindVisitAsync(actor, visitId, ct))!.Value.Visit;
    }

    async Task<bool> NewVisitVersionAsync(Actor actor, FollowUpVisitView visit, FollowUpScheduleView schedule, int expectedVersion,
        DateOnly scheduledOn, DateOnly? actual, VisitFindings? findings, string? reason, string action, IReadOnlyList<string> fields, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, visit.Id, VisitKind, expectedVersion);
            if (next is null or -1) return false;
            await c.ExecuteAsync(new CommandDefinition(InsertVisitSql, new
            {
                visit.Id, Version = next.Value, ScheduleId = schedule.Id, schedule.PatientId, visit.Code, visit.Seq, visit.TargetDate,
                visit.WindowStart, visit.WindowEnd, visit.InWindowOnly, Content = string.Join(",", visit.PlannedContent),
                ScheduledOn = scheduledOn, ActualDate = actual ?? visit.ActualDate,
                Findings = findings is not null ? JsonSerializer.Serialize(findings, Json)
                    : visit.Findings is null ? null : JsonSerializer.Serialize(visit.Findings, Json),
                RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic, Reason = reason,
            }, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, actor, new AuditEvent(action, VisitKind, visit.Id, schedule.PatientId, [$"visit={visit.Code}", .. fields]));
            return true;
        }, ct);
    }

    // ---- schedule events ---------------------------------------------------------------------------------------------

    /// <summary>Records the endpoint event (V3 from its date). One per schedule. Audited.</summary>
    public async Task<Outcome<FollowUpScheduleView>> RecordEndpointAsync(Actor actor, string scheduleId, RecordEndpoint r, CancellationToken ct)
    {
        var s = await VisibleScheduleAsync(actor, scheduleId, ct);
        if (s is null) return Outcome.NotFound<FollowUpScheduleView>();
        var (valid, e) = ScheduleEventValidation.ValidateEndpoint(r, s.Target, s.Day0, s.EndpointType is not null, Today);
        if (valid is null) return Outcome.Invalid<FollowUpScheduleView>(e.ToDictionary());

        var changed = s with { EndpointType = valid.Type, EndpointOn = valid.Date, EndpointLevel = valid.Level, EndpointNote = valid.Note };
        return await NewScheduleVersionAsync(actor, s, r.Version!.Value, changed, null, ["endpoint_type", "endpoint_on"], ct);
    }

    /// <summary>Ends follow-up (withdrawal or loss to follow-up) from a date, with a reason; later visits become WITHDRAWN. Audited.</summary>
    public async Task<Outcome<FollowUpScheduleView>> EndFollowUpAsync(Actor actor, string scheduleId, EndFollowUp r, CancellationToken ct)
    {
        var s = await VisibleScheduleAsync(actor, scheduleId, ct);
        if (s is null) return Outcome.NotFound<FollowUpScheduleView>();
        var (valid, e) = ScheduleEventValidation.ValidateEnd(r, s.Day0, s.Status, Today);
        if (valid is null) return Outcome.Invalid<FollowUpScheduleView>(e.ToDictionary());

        var changed = s with { Status = valid.Kind, EndedOn = valid.Date, EndReason = valid.Reason };
        return await NewScheduleVersionAsync(actor, s, r.Version!.Value, changed, valid.Reason, ["status", "ended_on", "end_reason"], ct);
    }

    async Task<ScheduleRow?> VisibleScheduleAsync(Actor actor, string scheduleId, CancellationToken ct)
    {
        if (!Ids.LooksValid(scheduleId)) return null;
        var s = await ScheduleRowAsync(scheduleId, ct);
        if (s is null || await patients.LoadAsync(actor, s.PatientId, ct) is null) return null;
        return s;
    }

    async Task<Outcome<FollowUpScheduleView>> NewScheduleVersionAsync(Actor actor, ScheduleRow current, int expectedVersion, ScheduleRow changed,
        string? reason, IReadOnlyList<string> fields, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ok = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, current.Id, ScheduleKind, expectedVersion);
            if (next is null or -1) return false;
            await c.ExecuteAsync(new CommandDefinition(InsertScheduleSql, changed with
            {
                Version = next.Value, RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic, Reason = reason,
            }, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, ScheduleKind, current.Id, current.PatientId, fields));
            return true;
        }, ct);
        if (!ok) return Outcome.Conflict<FollowUpScheduleView>(FollowUpMessages.StaleSchedule);
        return (await LoadSchedulesAsync(current.PatientId, ct)).First(x => x.Id == current.Id);
    }

    // ---- worklist ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// The coordinators' worklist for today within the caller's sites: visits due this week, overdue and missed (missed only
    /// within <see cref="ScheduleDefinition.MissedLookbackDays"/>) of schedules whose follow-up continues. Audited.
    /// </summary>
    public async Task<Worklist> WorklistAsync(Actor actor, WorklistQuery q, CancellationToken ct)
    {
        var today = Today;
        var args = new DynamicParameters();
        var where = new List<string>
        {
            "NOT v.entered_in_error", "NOT s.entered_in_error", "NOT pv.entered_in_error", "v.actual_date IS NULL", "s.status = @active",
            "v.window_end >= @missedFrom", "v.scheduled_on <= @weekEnd",
        };
        args.Add("active", FollowUpCodes.Active);
        args.Add("missedFrom", today.AddDays(-definition.MissedLookbackDays.Value));
        args.Add("weekEnd", today.AddDays(6));
        if (!actor.AllSites) where.Add(SqlList.In("p.site_id", actor.SiteIds, args, "site"));
        if (!string.IsNullOrWhiteSpace(q.SiteCode)) { where.Add("st.code = @siteCode"); args.Add("siteCode", q.SiteCode.Trim()); }
        if (!string.IsNullOrWhiteSpace(q.Physician)) { where.Add("s.treating_physician = @physician"); args.Add("physician", q.Physician.Trim()); }
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<WorklistRow>(new CommandDefinition(
            WorklistSql + " WHERE " + string.Join(" AND ", where) + " ORDER BY v.scheduled_on, p.pseudonym_code LIMIT 2000", args, cancellationToken: ct));
        var show = actor.SeesIdentifiers;
        var items = new List<WorklistItem>();
        foreach (var w in rows)
        {
            var bucket = WorklistBucket.Of(w.ScheduledOn, VisitWindow.Between(w.WindowStart, w.WindowEnd), today);
            if (bucket is null) continue;
            items.Add(new WorklistItem(bucket, w.VisitId, w.ScheduleId, w.PatientId, w.PseudonymCode, show ? w.FamilyName : null,
                show ? w.GivenName : null, w.SiteCode, w.Target, w.TreatingPhysician, w.Code, w.TargetDate, w.ScheduledOn,
                w.WindowStart, w.WindowEnd, VisitStatus.IsSafetyOnly(w.TargetDate, null, w.EndpointOn)));
        }
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "follow_up_worklist", null, null, [$"results={items.Count}"]), ct);
        return new Worklist(today, items);
    }

    /// <summary>A schedule version as stored (the FHIR import reads and writes the same rows).</summary>
    internal sealed record ScheduleRow
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string PatientId { get; init; } = "";
        public string? PlanId { get; init; }
        public string Target { get; init; } = "";
        public DateOnly Day0 { get; init; }
        public string TreatingPhysician { get; init; } = "";
        public string DefinitionVersion { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly? EndedOn { get; init; }
        public string? EndReason { get; init; }
        public string? EndpointType { get; init; }
        public DateOnly? EndpointOn { get; init; }
        public string? EndpointLevel { get; init; }
        public string? EndpointNote { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string Source { get; init; } = "";
        public string? Reason { get; init; }
    }

    /// <summary>A visit version as stored (the FHIR import reads and writes the same rows).</summary>
    internal sealed record VisitRow
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string ScheduleId { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string Code { get; init; } = "";
        public int Seq { get; init; }
        public DateOnly TargetDate { get; init; }
        public DateOnly WindowStart { get; init; }
        public DateOnly WindowEnd { get; init; }
        public bool InWindowOnly { get; init; }
        public string Content { get; init; } = "";
        public DateOnly ScheduledOn { get; init; }
        public DateOnly? ActualDate { get; init; }
        public string? Findings { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string Source { get; init; } = "";
        public string? Reason { get; init; }

        public PlannedVisit ToPlanned() => new(Code, Seq, TargetDate, VisitWindow.Between(WindowStart, WindowEnd), InWindowOnly,
            Content.Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    sealed record WorklistRow
    {
        public string VisitId { get; init; } = "";
        public string ScheduleId { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string Code { get; init; } = "";
        public DateOnly TargetDate { get; init; }
        public DateOnly ScheduledOn { get; init; }
        public DateOnly WindowStart { get; init; }
        public DateOnly WindowEnd { get; init; }
        public string Target { get; init; } = "";
        public string TreatingPhysician { get; init; } = "";
        public DateOnly? EndpointOn { get; init; }
        public string PseudonymCode { get; init; } = "";
        public string SiteCode { get; init; } = "";
        public string? FamilyName { get; init; }
        public string? GivenName { get; init; }
    }
}

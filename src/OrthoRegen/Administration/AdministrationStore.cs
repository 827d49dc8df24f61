using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Administration;

/// <summary>
/// The only code writing <c>administrations</c> and <c>administration_versions</c>. An attempt at the bedside runs every
/// check of <see cref="BedsideChecks"/>; a hard stop writes nothing but one DENIED audit entry naming the failed checks.
/// A passed attempt stores the administration, its audit entry and (on the plan's first injection) the follow-up schedule
/// with Day 0 = the date of that injection, in one transaction; the ADMINISTERED custody event follows after commit.
/// A record of a patient the caller may not see is reported as not found.
/// </summary>
public sealed class AdministrationStore(
    Database database, AuditTrail audit, PatientStore patients, ConsentStore consents, TreatmentPlanStore plans, LotStore lots,
    CustodyStore custody, FollowUpStore followUp, TimeProvider clock)
{
    public const string Kind = "administration";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal const string InsertKeySql = """
        INSERT INTO administrations (id, plan_id, patient_id, injection_number, lot_id, division_id, created_at)
        VALUES (@Id, @PlanId, @PatientId, @InjectionNumber, @LotId, @DivisionId, @At)
        """;
    internal const string InsertSql = """
        INSERT INTO administration_versions (id, version, patient_id, plan_id, lot_id, lot_number, division_code, cell_source, injection_number,
            administered_at, dose_viable_cells_e6, volume_ml, route, guidance, target, target_level, operator, observation_minutes,
            immediate_reaction, reaction_note, scanned_din, scanned_product_code, scanned_patient_identifier, bedside_id_check, warnings,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @PlanId, @LotId, @LotNumber, @DivisionCode, @CellSource, @InjectionNumber,
            @AdministeredAt, @DoseViableCellsE6, @VolumeMl, @Route, @Guidance, @Target, @TargetLevel, @Operator, @ObservationMinutes,
            @ImmediateReaction, @ReactionNote, @ScannedDin, @ScannedProductCode, @ScannedPatientIdentifier, @BedsideIdCheck, @Warnings,
            @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string Columns = """
        SELECT a.id AS Id, a.version AS Version, a.patient_id AS PatientId, a.plan_id AS PlanId, a.lot_id AS LotId, a.lot_number AS LotNumber,
               a.division_code AS DivisionCode, a.cell_source AS CellSource, a.injection_number AS InjectionNumber,
               a.administered_at AS AdministeredAt, a.dose_viable_cells_e6 AS DoseViableCellsE6, a.volume_ml AS VolumeMl, a.route AS Route,
               a.guidance AS Guidance, a.target AS Target, a.target_level AS TargetLevel, a.operator AS Operator,
               a.observation_minutes AS ObservationMinutes, a.immediate_reaction AS ImmediateReaction, a.reaction_note AS ReactionNote,
               a.scanned_din AS ScannedDin, a.scanned_product_code AS ScannedProductCode,
               a.scanned_patient_identifier AS ScannedPatientIdentifier, a.bedside_id_check AS BedsideIdCheck, a.warnings AS Warnings,
               a.recorded_by AS RecordedBy, a.recorded_at AS RecordedAt, a.reason AS Reason
        FROM administration_versions a

        """;
    const string CurrentSql = Columns + """
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE NOT a.entered_in_error
        """;
    const string HistorySql = Columns + "WHERE a.id = @id ORDER BY a.version";
    internal const string PriorSql = "SELECT injection_number AS InjectionNumber, administered_at AS AdministeredAt FROM administration_versions a JOIN record_heads h ON h.id = a.id AND h.current_version = a.version WHERE a.plan_id = @planId AND NOT a.entered_in_error";
    const string TakenSql = "SELECT count(*) FROM administrations WHERE plan_id = @planId AND injection_number = @number";
    const string AnySql = "SELECT count(*) FROM administrations WHERE plan_id = @planId";

    /// <summary>
    /// Checks and records one injection under <paramref name="planId"/>. Not found when the plan's patient is not visible;
    /// invalid (errors by field) for malformed input or an unknown lot; otherwise an attempt that is either refused (every
    /// failed check listed; one audit entry, nothing else written) or recorded.
    /// </summary>
    public async Task<Outcome<AdministrationAttempt>> RecordAsync(Actor actor, string planId, RecordAdministration request, CancellationToken ct)
    {
        var plan = await plans.FindAsync(planId, ct);
        if (plan is null) return Outcome.NotFound<AdministrationAttempt>();
        var patient = await patients.LoadAsync(actor, plan.PatientId, ct);
        if (patient is null) return Outcome.NotFound<AdministrationAttempt>();
        var now = clock.GetUtcNow();
        var (r, e) = BedsideChecks.Validate(request, now, actor.Username);
        if (r is null) return Outcome.Invalid<AdministrationAttempt>(e.ToDictionary());
        var lot = await lots.FindForAdministrationAsync(r.LotId, r.DivisionCode, ct);
        if (lot is null || !actor.CanAccessSite(lot.SiteId))
            return Outcome.Invalid<AdministrationAttempt>(new FieldErrors().Add(r.DivisionCode is null ? "lotId" : "divisionCode", AdministrationMessages.LotUnknown).ToDictionary());
        var consent = (await consents.ListAsync(plan.PatientId, ct)).FirstOrDefault(c => c.Id == plan.ConsentId);
        var prior = await PriorAsync(plan.Id, ct);
        var verdict = BedsideChecks.Evaluate(plan, lot, new BedsidePatient(patient.Id, patient.PseudonymCode), consent, r, prior);
        if (!verdict.Passed)
        {
            await audit.AppendAsync(actor, new AuditEvent(AuditAction.Denied, Kind, plan.Id, plan.PatientId,
                verdict.Failures.Select(f => f.Code).Distinct().ToList()), ct);
            return new AdministrationAttempt { Failures = verdict.Failures, Warnings = verdict.Warnings };
        }

        var id = Ids.New(clock);
        var (taken, scheduleId) = await database.InTransactionAsync(async (c, tx) =>
        {
            // Re-checked inside the transaction, with the plan's row locked on PostgreSQL so two simultaneous recordings of
            // one plan queue instead of both passing the check (SQLite's IMMEDIATE transaction already serialises them);
            // the unique key (plan, injection number) stays the last line of defence.
            if (database.IsPostgres)
                await c.ExecuteAsync("SELECT id FROM record_heads WHERE id = @planId FOR UPDATE", new { planId = plan.Id }, tx);
            if (await c.ExecuteScalarAsync<long>(TakenSql, new { planId = plan.Id, number = r.InjectionNumber }, tx) > 0)
                return (true, (string?)null);
            var first = await c.ExecuteScalarAsync<long>(AnySql, new { planId = plan.Id }, tx) == 0;
            await VersionedRecords.CreateAsync(c, tx, id, Kind, plan.PatientId, now, actor.Username);
            await c.ExecuteAsync(InsertKeySql, new { Id = id, PlanId = plan.Id, PatientId = plan.PatientId, r.InjectionNumber, lot.LotId, lot.DivisionId, At = now }, tx);
            await c.ExecuteAsync(InsertSql, Row(id, 1, plan, lot, r, verdict.Warnings, actor, now, null), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, plan.PatientId,
                ["plan_id", "lot_id", "division_code", "injection_number", "administered_at", "dose_viable_cells_e6", "volume_ml", "route",
                 "guidance", "target", "operator", "observation_minutes", "immediate_reaction", "scanned_din", "scanned_product_code",
                 "scanned_patient_identifier", "bedside_id_check"]));
            // DOMAIN.md 4.2: Day 0 is the first injection (UTC date); later injections never reset the schedule.
            string? schedule = first
                ? await followUp.StartScheduleAsync(c, tx, actor, plan.PatientId, plan.Id, plan.Target, DateOnly.FromDateTime(r.AdministeredAt.UtcDateTime), ct)
                : null;
            return (false, schedule);
        }, ct);
        if (taken)
        {
            var again = new BedsideCheck(AdministrationMessages.InjectionAlreadyGiven, "injectionNumber",
                AdministrationMessages.Format(AdministrationMessages.AlreadyGiven, r.InjectionNumber));
            await audit.AppendAsync(actor, new AuditEvent(AuditAction.Denied, Kind, plan.Id, plan.PatientId, [again.Code]), ct);
            return new AdministrationAttempt { Failures = [again], Warnings = verdict.Warnings };
        }

        // REVIEW: the cell lab records custody events only in a transaction of its own (CustodyStore.RecordAsync), so the
        // ADMINISTERED event follows the commit; when I3 refuses it (e.g. no temperature) the problem is returned, not hidden.
        var (custodyId, custodyProblem) = await RecordCustodyAsync(actor, lot, patient.PseudonymCode, r, ct);
        return new AdministrationAttempt
        {
            Record = (await LoadAsync(id, ct))!, Warnings = verdict.Warnings, StartedScheduleId = scheduleId,
            CustodyEventId = custodyId, CustodyProblem = custodyProblem,
        };
    }

    /// <summary>Corrects what was measured or observed (dose, volume, guidance, operator, observation, reaction) as the next version with a reason.</summary>
    public async Task<Outcome<AdministrationRecord>> CorrectAsync(Actor actor, string id, CorrectAdministration request, CancellationToken ct)
    {
        var current = await VisibleAsync(actor, id, ct);
        if (current is null) return Outcome.NotFound<AdministrationRecord>();
        var e = new FieldErrors();
        var version = e.Integer("version", request.Version, 1, int.MaxValue, required: true);
        var reason = e.Required("reason", request.Reason, 500);
        var dose = e.Number("doseViableCellsE6", request.DoseViableCellsE6, 0.001, 100_000, required: false, "×10^6 cells") ?? current.DoseViableCellsE6;
        var volume = e.Number("volumeMl", request.VolumeMl, 0.01, 1000, required: false, "mL") ?? current.VolumeMl;
        var guidance = e.OneOf("guidance", request.Guidance, TreatmentCodes.Guidance, required: false) ?? current.Guidance;
        var op = e.Optional("operator", request.Operator, 60) ?? current.Operator;
        var observation = e.Integer("observationMinutes", request.ObservationMinutes, 0, 1440, required: false) ?? current.ObservationMinutes;
        var reaction = request.ImmediateReaction ?? current.ImmediateReaction;
        var note = e.Optional("reactionNote", request.ReactionNote, 1000) ?? current.ReactionNote;
        if (reaction && note is null) e.Add("reactionNote", "Required when there was an immediate reaction: describe it.");
        if (!e.IsEmpty) return Outcome.Invalid<AdministrationRecord>(e.ToDictionary());

        var corrected = current with
        {
            DoseViableCellsE6 = dose, VolumeMl = volume, Guidance = guidance, Operator = op, ObservationMinutes = observation,
            ImmediateReaction = reaction, ReactionNote = reaction ? note : null,
        };
        var changed = Changed(current, corrected);
        var now = clock.GetUtcNow();
        var stale = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, id, Kind, version!.Value);
            if (next is null or -1) return true;
            await c.ExecuteAsync(InsertSql, Row(corrected with { Version = next.Value }, actor, now, reason), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, id, current.PatientId, changed));
            return false;
        }, ct);
        if (stale) return Outcome.Conflict<AdministrationRecord>(AdministrationMessages.Format(AdministrationMessages.StaleVersion, version));
        return (await LoadAsync(id, ct))!;
    }

    /// <summary>The current version; null when missing or not visible. Audited.</summary>
    public async Task<AdministrationRecord?> GetAsync(Actor actor, string id, CancellationToken ct)
    {
        var a = await VisibleAsync(actor, id, ct);
        if (a is not null) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, id, a.PatientId), ct);
        return a;
    }

    /// <summary>Every version of one administration, oldest first; null when not visible. Audited.</summary>
    public async Task<IReadOnlyList<AdministrationRecord>?> HistoryAsync(Actor actor, string id, CancellationToken ct)
    {
        var a = await VisibleAsync(actor, id, ct);
        if (a is null) return null;
        await using var c = await database.OpenAsync(ct);
        var list = (await c.QueryAsync<Row_>(new CommandDefinition(HistorySql, new { id }, cancellationToken: ct))).Select(x => x.ToRecord()).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind + "_history", id, a.PatientId), ct);
        return list;
    }

    /// <summary>The plan's administrations in injection order; null when the plan is not visible. Audited.</summary>
    public async Task<IReadOnlyList<AdministrationRecord>?> ForPlanAsync(Actor actor, string planId, CancellationToken ct)
    {
        var plan = await plans.FindAsync(planId, ct);
        if (plan is null || await patients.LoadAsync(actor, plan.PatientId, ct) is null) return null;
        var list = await QueryAsync(" AND a.plan_id = @key", planId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, plan.PatientId), ct);
        return list;
    }

    /// <summary>The patient's administrations (all plans) in time order; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<AdministrationRecord>?> ForPatientAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = await QueryAsync(" AND a.patient_id = @key", patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return list;
    }

    async Task<(string? Id, string? Problem)> RecordCustodyAsync(Actor actor, LotForAdministration lot, string pseudonym, ValidAdministration r, CancellationToken ct)
    {
        var (kind, itemId) = lot.DivisionId is { } division ? (CellLabCodes.ItemDivision, division) : (CellLabCodes.ItemLot, lot.LotId);
        var holder = (await custody.ForItemAsync(kind, itemId, ct)).LastOrDefault()?.ToParty ?? r.Operator;
        var outcome = await custody.RecordAsync(actor, new RecordCustodyEvent
        {
            ItemKind = kind, ItemId = itemId, Event = "ADMINISTERED", FromParty = holder, ToParty = $"patient {pseudonym}", Location = r.Location,
            At = r.AdministeredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), TempC = r.ProductTempC, ConditionOk = true,
            Verifier1 = r.Operator, Notes = $"Injection {r.InjectionNumber}",
        }, ct);
        return outcome switch
        {
            Outcome<CustodyEventView>.Done d => (d.Value.Id, null),
            Outcome<CustodyEventView>.Invalid i => (null, string.Join(" ", i.Errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}"))),
            Outcome<CustodyEventView>.Conflict c => (null, c.Detail),
            _ => (null, "The lot is not visible to you: the custody event was not recorded."),
        };
    }

    async Task<IReadOnlyList<PriorInjection>> PriorAsync(string planId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<PriorRow>(new CommandDefinition(PriorSql, new { planId }, cancellationToken: ct)))
            .Select(x => new PriorInjection(x.InjectionNumber, x.AdministeredAt)).ToList();
    }

    async Task<List<AdministrationRecord>> QueryAsync(string filter, string key, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<Row_>(new CommandDefinition(CurrentSql + filter + " ORDER BY a.administered_at, a.injection_number", new { key }, cancellationToken: ct)))
            .Select(x => x.ToRecord()).ToList();
    }

    async Task<AdministrationRecord?> LoadAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row_>(new CommandDefinition(CurrentSql + " AND a.id = @id", new { id }, cancellationToken: ct)))?.ToRecord();
    }

    async Task<AdministrationRecord?> VisibleAsync(Actor actor, string id, CancellationToken ct)
    {
        var a = await LoadAsync(id, ct);
        if (a is null || await patients.LoadAsync(actor, a.PatientId, ct) is null) return null;
        return a;
    }

    /// <summary>The insert parameters of a checked administration (shared with the FHIR import, which writes source 'import').</summary>
    internal static object Row(string id, int version, TreatmentPlan plan, LotForAdministration lot, ValidAdministration r, IReadOnlyList<BedsideCheck> warnings,
        Actor actor, DateTimeOffset at, string? reason, string source = RecordSource.Clinic) => Row(new AdministrationRecord
        {
            Id = id, Version = version, PatientId = plan.PatientId, PlanId = plan.Id, LotId = lot.LotId, LotNumber = lot.LotNumber,
            DivisionCode = lot.DivisionCode, CellSource = lot.CellSource, InjectionNumber = r.InjectionNumber, AdministeredAt = r.AdministeredAt,
            DoseViableCellsE6 = r.DoseViableCellsE6, VolumeMl = r.VolumeMl, Route = r.Route, Guidance = r.Guidance, Target = r.Target,
            TargetLevel = r.TargetLevel, Operator = r.Operator, ObservationMinutes = r.ObservationMinutes, ImmediateReaction = r.ImmediateReaction,
            ReactionNote = r.ReactionNote, ScannedDin = r.Din.Din + r.Din.Flags + r.Din.CheckCharacter, ScannedProductCode = r.ProductCode,
            ScannedPatientIdentifier = r.PatientIdentifier, BedsideIdCheck = "PASS", Warnings = warnings,
        }, actor, at, reason, source);

    static object Row(AdministrationRecord a, Actor actor, DateTimeOffset at, string? reason, string source = RecordSource.Clinic) => new
    {
        a.Id, a.Version, a.PatientId, a.PlanId, a.LotId, a.LotNumber, a.DivisionCode, a.CellSource, a.InjectionNumber, a.AdministeredAt,
        a.DoseViableCellsE6, a.VolumeMl, a.Route, a.Guidance, a.Target, a.TargetLevel, a.Operator, a.ObservationMinutes, a.ImmediateReaction,
        a.ReactionNote, a.ScannedDin, a.ScannedProductCode, a.ScannedPatientIdentifier, a.BedsideIdCheck,
        Warnings = JsonSerializer.Serialize(a.Warnings, Json), RecordedBy = actor.Username, RecordedAt = at, Source = source, Reason = reason,
    };

    static List<string> Changed(AdministrationRecord a, AdministrationRecord b)
    {
        var f = new List<string>();
        void Check(string name, object? x, object? y) { if (!Equals(x, y)) f.Add(name); }
        Check("dose_viable_cells_e6", a.DoseViableCellsE6, b.DoseViableCellsE6);
        Check("volume_ml", a.VolumeMl, b.VolumeMl);
        Check("guidance", a.Guidance, b.Guidance);
        Check("operator", a.Operator, b.Operator);
        Check("observation_minutes", a.ObservationMinutes, b.ObservationMinutes);
        Check("immediate_reaction", a.ImmediateReaction, b.ImmediateReaction);
        Check("reaction_note", a.ReactionNote, b.ReactionNote);
        return f;
    }

    sealed record PriorRow
    {
        public int InjectionNumber { get; init; }
        public DateTimeOffset AdministeredAt { get; init; }
    }

    sealed record Row_
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string PatientId { get; init; } = "";
        public string PlanId { get; init; } = "";
        public string LotId { get; init; } = "";
        public string LotNumber { get; init; } = "";
        public string? DivisionCode { get; init; }
        public string CellSource { get; init; } = "";
        public int InjectionNumber { get; init; }
        public DateTimeOffset AdministeredAt { get; init; }
        public double DoseViableCellsE6 { get; init; }
        public double VolumeMl { get; init; }
        public string Route { get; init; } = "";
        public string Guidance { get; init; } = "";
        public string Target { get; init; } = "";
        public string? TargetLevel { get; init; }
        public string Operator { get; init; } = "";
        public int ObservationMinutes { get; init; }
        public bool ImmediateReaction { get; init; }
        public string? ReactionNote { get; init; }
        public string ScannedDin { get; init; } = "";
        public string ScannedProductCode { get; init; } = "";
        public string ScannedPatientIdentifier { get; init; } = "";
        public string BedsideIdCheck { get; init; } = "";
        public string Warnings { get; init; } = "[]";
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string? Reason { get; init; }

        public AdministrationRecord ToRecord() => new()
        {
            Id = Id, Version = Version, PatientId = PatientId, PlanId = PlanId, LotId = LotId, LotNumber = LotNumber, DivisionCode = DivisionCode,
            CellSource = CellSource, InjectionNumber = InjectionNumber, AdministeredAt = AdministeredAt, DoseViableCellsE6 = DoseViableCellsE6,
            VolumeMl = VolumeMl, Route = Route, Guidance = Guidance, Target = Target, TargetLevel = TargetLevel, Operator = Operator,
            ObservationMinutes = ObservationMinutes, ImmediateReaction = ImmediateReaction, ReactionNote = ReactionNote, ScannedDin = ScannedDin,
            ScannedProductCode = ScannedProductCode, ScannedPatientIdentifier = ScannedPatientIdentifier, BedsideIdCheck = BedsideIdCheck,
            Warnings = JsonSerializer.Deserialize<List<BedsideCheck>>(Warnings, Json) ?? [], RecordedBy = RecordedBy, RecordedAt = RecordedAt, Reason = Reason,
        };
    }
}

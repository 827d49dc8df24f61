using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.CellLab;

/// <summary>
/// Product lots (DOMAIN.md 1 steps 7–8): processing, divisions and their allocation, QC results, the Q1–Q10 evaluation,
/// QA's versioned release decisions with the physician's acknowledgement, and the deviation and notification that a
/// late sterility failure raises. The only code touching <c>product_lots</c>, <c>product_lot_versions</c>,
/// <c>product_lot_collections</c>, <c>lot_processing_versions</c>, <c>lot_division_versions</c>, <c>qc_result_versions</c>,
/// <c>release_decision_versions</c>, <c>lot_deviations</c> and <c>lab_notifications</c>.
/// </summary>
public sealed partial class LotStore(
    Database database, AuditTrail audit, LabLookups lookups, PatientStore patients, DonorStore donors, CustodyStore custody,
    ReleaseRules rules, IEnumerable<ILotDeviationListener> listeners, ILogger<LotStore> log, TimeProvider clock)
{
    public const string Kind = "product_lot";
    public const string ProcessingKind = "lot_processing";
    public const string DivisionKind = "lot_division";
    public const string QcKind = "qc_result";
    public const string DecisionKind = "release_decision";
    public const string DeviationKind = "lot_deviation";
    public const string NotificationKind = "lab_notification";
    /// <summary>The name recorded when the system itself rejects a lot (late sterility failure, Q8).</summary>
    public const string SystemDecider = "system (Q8)";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal const string InsertLot = "INSERT INTO product_lots (id, site_id, lot_number, din, created_at) VALUES (@Id, @SiteId, @LotNumber, @Din, @At)";
    internal const string InsertLotVersion = """
        INSERT INTO product_lot_versions (id, version, product_type, cell_source, origin, manipulation, product_description_code, collection_type,
            recipient_patient_id, intended_route, plan_id, treating_physician, dose_volume_ml, expires_at, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @ProductType, @CellSource, @Origin, @Manipulation, @Pdc, @CollectionType, @RecipientPatientId, @IntendedRoute, @PlanId,
            @TreatingPhysician, @DoseVolumeMl, @ExpiresAt, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    internal const string InsertLotCollection = "INSERT INTO product_lot_collections (lot_id, collection_id) VALUES (@LotId, @CollectionId)";
    const string LotSelect = """
        SELECT p.id AS Id, p.site_id AS SiteId, p.lot_number AS LotNumber, p.din AS Din, v.product_type AS ProductType, v.cell_source AS CellSource,
               v.origin AS Origin, v.manipulation AS Manipulation, v.product_description_code AS Pdc, v.collection_type AS CollectionType,
               v.recipient_patient_id AS RecipientPatientId, v.intended_route AS IntendedRoute, v.plan_id AS PlanId,
               v.treating_physician AS TreatingPhysician, v.dose_volume_ml AS DoseVolumeMl, v.expires_at AS ExpiresAt,
               v.recorded_by AS RecordedBy, v.recorded_at AS RecordedAt
        FROM product_lots p JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version
        WHERE NOT v.entered_in_error
        """;
    internal const string InsertProcessing = """
        INSERT INTO lot_processing_versions (id, version, lot_id, step, performed_at, performed_by, passage, culture_days, tnc_e6, volume_ml, notes,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @LotId, @Step, @PerformedAt, @PerformedBy, @Passage, @CultureDays, @TncE6, @VolumeMl, @Notes, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    internal const string ProcessingSelect = """
        SELECT s.id AS Id, s.step AS Step, s.performed_at AS PerformedAt, s.performed_by AS PerformedBy, s.passage AS Passage, s.culture_days AS CultureDays,
               s.tnc_e6 AS TncE6, s.volume_ml AS VolumeMl, s.notes AS Notes, s.recorded_by AS RecordedBy, s.recorded_at AS RecordedAt
        FROM lot_processing_versions s JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
        WHERE s.lot_id = @lotId AND NOT s.entered_in_error ORDER BY s.performed_at, s.recorded_at
        """;
    internal const string InsertDivision = """
        INSERT INTO lot_division_versions (id, version, lot_id, division_code, volume_ml, viable_cells_e6, recipient_patient_id, allocated_at,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @LotId, @DivisionCode, @VolumeMl, @ViableCellsE6, @RecipientPatientId, @AllocatedAt, @RecordedBy, @RecordedAt, 'clinic', @Reason)
        """;
    const string DivisionSelect = """
        SELECT d.id AS Id, d.version AS Version, d.lot_id AS LotId, d.division_code AS DivisionCode, d.volume_ml AS VolumeMl, d.viable_cells_e6 AS ViableCellsE6,
               d.recipient_patient_id AS RecipientPatientId, d.allocated_at AS AllocatedAt, d.recorded_by AS RecordedBy, d.recorded_at AS RecordedAt
        FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE NOT d.entered_in_error
        """;
    internal const string InsertQc = """
        INSERT INTO qc_result_versions (id, version, lot_id, test, method, value, unit, result, sampled_at, resulted_at, analyst,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @LotId, @Test, @Method, @Value, @Unit, @Result, @SampledAt, @ResultedAt, @Analyst, @RecordedBy, @RecordedAt, 'clinic', @Reason)
        """;
    const string QcColumns = """
        SELECT q.id AS Id, q.version AS Version, q.test AS Test, q.method AS Method, q.value AS Value, q.unit AS Unit, q.result AS Result,
               q.sampled_at AS SampledAt, q.resulted_at AS ResultedAt, q.analyst AS Analyst, q.recorded_by AS RecordedBy, q.recorded_at AS RecordedAt,
               q.reason AS Reason
        FROM qc_result_versions q
        """;
    internal const string QcSelect = QcColumns + "\n" + """
        JOIN record_heads h ON h.id = q.id AND h.current_version = q.version
        WHERE q.lot_id = @lotId AND NOT q.entered_in_error ORDER BY q.sampled_at, q.recorded_at
        """;
    const string AnalystsSql = "SELECT DISTINCT analyst FROM qc_result_versions WHERE lot_id = @lotId";
    internal const string InsertDecision = """
        INSERT INTO release_decision_versions (id, version, lot_id, status, rule_result, trace, authorised_by, decided_at, physician_ack_by,
            physician_ack_at, physician_ack_note, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @LotId, @Status, @RuleResult, @Trace, @AuthorisedBy, @DecidedAt, @PhysicianAckBy, @PhysicianAckAt,
            @PhysicianAckNote, @RecordedBy, @RecordedAt, 'clinic', @Reason)
        """;
    internal const string DecisionSelect = """
        SELECT id AS Id, version AS Version, status AS Status, rule_result AS RuleResult, authorised_by AS AuthorisedBy, decided_at AS DecidedAt,
               physician_ack_by AS PhysicianAckBy, physician_ack_at AS PhysicianAckAt, physician_ack_note AS PhysicianAckNote, reason AS Reason,
               recorded_by AS RecordedBy, recorded_at AS RecordedAt, trace AS Trace
        FROM release_decision_versions WHERE lot_id = @lotId AND NOT entered_in_error ORDER BY version
        """;
    const string InsertDeviation = """
        INSERT INTO lot_deviations (id, lot_id, qc_result_id, kind, description, detected_at, recorded_by)
        VALUES (@Id, @LotId, @QcResultId, @Kind, @Description, @DetectedAt, @RecordedBy)
        """;
    const string DeviationSelect = """
        SELECT id AS Id, lot_id AS LotId, qc_result_id AS QcResultId, kind AS Kind, description AS Description, detected_at AS DetectedAt, recorded_by AS RecordedBy
        FROM lot_deviations WHERE lot_id = @lotId ORDER BY detected_at
        """;
    const string InsertNotification = """
        INSERT INTO lab_notifications (id, lot_id, patient_id, recipient, kind, message, created_at, due_on)
        VALUES (@Id, @LotId, @PatientId, @Recipient, @Kind, @Message, @CreatedAt, @DueOn)
        """;
    const string NotificationColumns = """
        SELECT n.id AS Id, n.lot_id AS LotId, p.lot_number AS LotNumber, n.patient_id AS PatientId, n.recipient AS Recipient, n.kind AS Kind,
               n.message AS Message, n.created_at AS CreatedAt, n.due_on AS DueOn
        FROM lab_notifications n JOIN product_lots p ON p.id = n.lot_id
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // ---- lots ---------------------------------------------------------------------------------------------------------

    public async Task<Outcome<LotView>> CreateAsync(Actor actor, CreateLot r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        var (lotNumber, productType, spec, cellSource, manipulation, route, planId, physician, doseVolume, expires) = ValidateLotFields(e, r, rules.Specs);
        if (expires is { } x && x <= now) e.Add("expiresAt", "Must be in the future.");

        var ids = (r.CollectionIds ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct().ToList();
        if (ids.Count == 0) e.Add("collectionIds", "Required: at least one collection.");
        else if (ids.Count > 10) e.Add("collectionIds", "At most 10 collections per lot.");
        await using var conn = await database.OpenAsync(ct);
        var collections = ids.Count is > 0 and <= 10 ? await CollectionStore.ByIdsAsync(conn, ids, ct) : [];
        collections = collections.Where(c => actor.CanAccessSite(c.SiteId)).ToList();
        if (ids.Count is > 0 and <= 10 && collections.Count != ids.Count)
            e.Add("collectionIds", $"No such collection at your sites: {string.Join(", ", ids.Except(collections.Select(c => c.Id)))}.");
        var (origin, donorPatientId, donorId) = CheckCollections(e, cellSource, collections);
        string? recipientId = null;
        if (origin == CellLabCodes.Autologous)
        {
            var recipient = await lookups.PatientAsync(actor, r.RecipientPatientId, "recipientPatientId", e, required: false, ct);
            if (recipient is not null && recipient.Id != donorPatientId) e.Add("recipientPatientId", CellLabMessages.I1Mismatch);
            recipientId = donorPatientId;
        }
        else if (origin == CellLabCodes.Allogeneic)
            recipientId = (await lookups.PatientAsync(actor, r.RecipientPatientId, "recipientPatientId", e, required: false, ct))?.Id;
        if (lotNumber is not null && await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM product_lots WHERE lot_number = @lotNumber", new { lotNumber }, cancellationToken: ct)) > 0)
            e.Add("lotNumber", $"Lot number {lotNumber} is already in use.");
        if (!e.IsEmpty) return Outcome.Invalid<LotView>(e.ToDictionary());

        string? donorType = donorId is null ? null : (await donors.LoadAsync(actor, donorId, ct))?.DonorType;
        var collectionType = Isbt128.CollectionTypeFor(origin!, donorType);
        var id = Ids.New(clock);
        var first = collections[0];
        var expiresAt = expires ?? now.AddHours(spec!.ShelfLifeHours.Value);
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, Kind, recipientId, now, actor.Username);
            await c.ExecuteAsync(InsertLot, new { Id = id, SiteId = first.SiteId, LotNumber = lotNumber, first.Din, At = now }, tx);
            await c.ExecuteAsync(InsertLotVersion, new
            {
                Id = id, ProductType = productType, CellSource = cellSource, Origin = origin, Manipulation = manipulation,
                Pdc = spec!.ProductDescriptionCode.Value, CollectionType = collectionType.ToString(), RecipientPatientId = recipientId,
                IntendedRoute = route, PlanId = planId, TreatingPhysician = physician, DoseVolumeMl = doseVolume, ExpiresAt = expiresAt,
                RecordedBy = actor.Username, RecordedAt = now,
            }, tx);
            foreach (var col in collections) await c.ExecuteAsync(InsertLotCollection, new { LotId = id, CollectionId = col.Id }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, recipientId,
                ["lot_number", "product_type", "cell_source", "origin", "manipulation", "collections", "recipient_patient_id", "expires_at"]));
            return 0;
        }, ct);
        return (await LoadAsync(actor, id, ct))!;
    }

    /// <summary>The field rules of a new lot (R2 included), shared with the FHIR import; expiry in the future is checked by the caller.</summary>
    internal static (string? LotNumber, string? ProductType, ProductSpec? Spec, string? CellSource, string? Manipulation, string? Route, string? PlanId,
        string? Physician, double? DoseVolume, DateTimeOffset? Expires) ValidateLotFields(FieldErrors e, CreateLot r, ReleaseSpecs specs)
    {
        var lotNumber = e.Pattern("lotNumber", r.LotNumber, LotNumberPattern(), "letters, digits, '-', '_' or '.' (1–40 characters)", required: true);
        var productType = e.OneOf("productType", r.ProductType, specs.ProductTypes.Keys.ToList());
        var spec = specs.For(productType);
        var cellSource = e.OneOf("cellSource", r.CellSource, CellLabCodes.CellSources);
        if (spec is not null && cellSource is not null && !spec.CellSources.Value.Contains(cellSource))
            e.Add("cellSource", $"A {productType} product is made from {string.Join(", ", spec.CellSources.Value)}.");
        var manipulation = e.OneOf("manipulation", r.Manipulation, CellLabCodes.Manipulations);
        if (cellSource is not null && manipulation is not null && ExpectedManipulation(cellSource) is { } m && m != manipulation)
            e.Add("manipulation", $"R2: {cellSource} is {m} (DOMAIN.md 3.5; culture expansion and SVF isolation are more than minimal manipulation).");
        var route = e.OneOf("intendedRoute", r.IntendedRoute, CellLabCodes.Routes, required: false);
        var planId = e.Optional("planId", r.PlanId, 64);
        var physician = e.Optional("treatingPhysician", r.TreatingPhysician, 60);
        var doseVolume = e.Number("doseVolumeMl", r.DoseVolumeMl, 0.1, 500, required: false, "mL");
        var expires = e.Instant("expiresAt", r.ExpiresAt, required: false);
        return (lotNumber, productType, spec, cellSource, manipulation, route, planId, physician, doseVolume, expires);
    }

    /// <summary>I1 and R2 over a lot's collections: one donor, one site, the cell source's tissue and origin.</summary>
    internal static (string? Origin, string? DonorPatientId, string? DonorId) CheckCollections(FieldErrors e, string? cellSource, IReadOnlyList<CollectionView> collections)
    {
        if (collections.Count == 0) return (null, null, null);
        var origin = collections[0].Origin;
        var donorPatientId = collections[0].PatientId;
        var donorId = collections[0].DonorId;
        if (collections.Any(c => c.Origin != origin || c.PatientId != donorPatientId || c.DonorId != donorId))
            e.Add("collectionIds", CellLabMessages.I1MixedDonors);
        if (collections.Select(c => c.SiteId).Distinct().Count() > 1) e.Add("collectionIds", "All collections of a lot must be at one site.");
        if (cellSource is not null && collections.FirstOrDefault(c => c.Tissue != TissueFor(cellSource)) is { } wrong)
            e.Add("collectionIds", $"{cellSource} is made from {TissueFor(cellSource)}, not {wrong.Tissue}.");
        if (cellSource is not null && ExpectedOrigin(cellSource) is { } o && o != origin)
            e.Add("cellSource", $"R2: {cellSource} is {o}; these collections are {origin}.");
        return (origin, donorPatientId, donorId);
    }

    /// <summary>The lot with everything the lot page shows; null when missing or not visible. Audited as a read.</summary>
    public async Task<LotView?> GetAsync(Actor actor, string id, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, id, ct);
        if (lot is not null) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, id, lot.RecipientPatientId), ct);
        return lot;
    }

    /// <summary>Loads without auditing.</summary>
    public async Task<LotView?> LoadAsync(Actor actor, string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<LotRow>(new CommandDefinition(LotSelect + " AND p.id = @id", new { id }, cancellationToken: ct));
        if (row is null || !actor.CanAccessSite(row.SiteId)) return null;
        return await AssembleAsync(c, row, ct);
    }

    async Task<LotView> AssembleAsync(DbConnection c, LotRow row, CancellationToken ct)
    {
        var collectionIds = (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT collection_id FROM product_lot_collections WHERE lot_id = @id", new { id = row.Id }, cancellationToken: ct))).ToList();
        var collections = await CollectionStore.ByIdsAsync(c, collectionIds, ct);
        var processing = (await c.QueryAsync<ProcessingStepView>(new CommandDefinition(ProcessingSelect, new { lotId = row.Id }, cancellationToken: ct))).ToList();
        var divisions = (await c.QueryAsync<DivisionView>(new CommandDefinition(DivisionSelect + " AND d.lot_id = @lotId ORDER BY d.division_code", new { lotId = row.Id }, cancellationToken: ct))).ToList();
        var qc = (await c.QueryAsync<QcResultView>(new CommandDefinition(QcSelect, new { lotId = row.Id }, cancellationToken: ct))).ToList();
        var decisions = (await c.QueryAsync<DecisionRow>(new CommandDefinition(DecisionSelect, new { lotId = row.Id }, cancellationToken: ct))).Select(d => d.ToView()).ToList();
        var deviations = (await c.QueryAsync<DeviationRow>(new CommandDefinition(DeviationSelect, new { lotId = row.Id }, cancellationToken: ct)))
            .Select(d => new DeviationView(d.Id, d.LotId, d.QcResultId, d.Kind, d.Description, d.DetectedAt, d.RecordedBy)).ToList();
        var notifications = (await c.QueryAsync<LabNotification>(new CommandDefinition(NotificationColumns + " WHERE n.lot_id = @lotId ORDER BY n.created_at", new { lotId = row.Id }, cancellationToken: ct))).ToList();
        var events = await custody.ForLotAsync(row.Id, collectionIds, divisions.Select(d => d.Id).ToList(), ct);
        var first = collections.FirstOrDefault();
        var isTest = first?.IsTest ?? false;
        var din = Din.Parse(row.Din + (first?.DinFlags ?? "00"), isTest)!;
        var evaluation = await EvaluateAsync(row, qc, processing, events, ct);
        return new LotView
        {
            Id = row.Id, LotNumber = row.LotNumber, SiteId = row.SiteId, ProductType = row.ProductType, CellSource = row.CellSource, Origin = row.Origin,
            Manipulation = row.Manipulation, Din = din, ProductCode = ProductCode.From(row.Pdc, row.CollectionType[0], "00"),
            DonorPatientId = first?.PatientId, DonorId = first?.DonorId, RecipientPatientId = row.RecipientPatientId, IntendedRoute = row.IntendedRoute,
            PlanId = row.PlanId, TreatingPhysician = row.TreatingPhysician, DoseVolumeMl = row.DoseVolumeMl, ExpiresAt = row.ExpiresAt,
            Collections = collections, Processing = processing, Divisions = divisions, Qc = qc, Evaluation = evaluation, Decisions = decisions,
            Deviations = deviations, Notifications = notifications, Custody = events, RecordedBy = row.RecordedBy, RecordedAt = row.RecordedAt,
        };
    }

    /// <summary>Gathers rule inputs (QC, the recipient's latest weight, the route, BMAC processing and identity check) and runs Q1–Q10.</summary>
    async Task<ReleaseEvaluation> EvaluateAsync(LotRow row, IReadOnlyList<QcResultView> qc, IReadOnlyList<ProcessingStepView> processing,
        IReadOnlyList<CustodyEventView> events, CancellationToken ct)
    {
        var spec = rules.Specs.For(row.ProductType) ?? throw new InvalidOperationException($"No release specification for product type {row.ProductType}.");
        double? weight = null;
        if (row.RecipientPatientId is not null)
            weight = (await patients.LoadAsync(Actor.System("release-rules"), row.RecipientPatientId, ct))?.WeightKg;
        else if (row.Origin == CellLabCodes.Allogeneic)
            weight = spec.EndotoxinReferenceWeightKg?.Value; // a banked lot for several recipients: the spec's reference weight
        return rules.Evaluate(InputFor(row.ProductType, spec, qc, processing, events, weight, row.IntendedRoute, row.DoseVolumeMl));
    }

    /// <summary>The rule inputs of a lot from its records (shared with the FHIR import, which evaluates before it writes).</summary>
    internal static ReleaseInput InputFor(string productType, ProductSpec spec, IReadOnlyList<QcResultView> qc, IReadOnlyList<ProcessingStepView> processing,
        IReadOnlyList<CustodyEventView> events, double? weight, string? route, double? doseVolumeMl)
    {
        var concentration = processing.LastOrDefault(p => p.Step == "CONCENTRATION");
        return new ReleaseInput
        {
            ProductType = productType,
            Spec = spec,
            Qc = qc.Select(q => new QcReading(q.Test, q.Value, q.Result, q.Unit,
                q.ResultedAt is { } done ? (done - q.SampledAt).TotalDays : null, q.Method)).ToList(),
            RecipientWeightKg = weight,
            Route = route,
            DoseVolumeMl = doseVolumeMl,
            TncE6 = concentration?.TncE6,
            ConcentrateVolumeMl = concentration?.VolumeMl,
            ProcessingDocumented = concentration is not null,
            IdentityChecked = CustodyChain.HasTwoPersonLabelCheck(events),
        };
    }

    // ---- processing and divisions -----------------------------------------------------------------------------------

    public async Task<Outcome<LotView>> RecordProcessingAsync(Actor actor, string lotId, RecordProcessingStep r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return Outcome.NotFound<LotView>();
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        var s = ValidateProcessing(e, r, lot.ProductType, lot.Collections.Count > 0 ? lot.Collections.Min(c => c.CollectedAt) : (DateTimeOffset?)null, id: "", now);
        if (!e.IsEmpty || s is null) return Outcome.Invalid<LotView>(e.ToDictionary());
        var id = Ids.New(clock);
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, ProcessingKind, lot.RecipientPatientId, now, actor.Username);
            await c.ExecuteAsync(InsertProcessing, new
            {
                Id = id, LotId = lot.Id, s.Step, s.PerformedAt, s.PerformedBy, s.Passage, s.CultureDays, s.TncE6,
                s.VolumeMl, s.Notes, RecordedBy = actor.Username, RecordedAt = now,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, ProcessingKind, id, lot.RecipientPatientId, ["lot_id", "step", "performed_at", "performed_by"]));
            return 0;
        }, ct);
        return (await LoadAsync(actor, lot.Id, ct))!;
    }

    /// <summary>
    /// The rules of one processing step (shared with the FHIR import): the step's fields, Q10's concentrate counts of a BMAC
    /// lot, an expansion's passage or culture days, not before the first collection. Null with errors keyed by the request's fields.
    /// </summary>
    internal static ProcessingStepView? ValidateProcessing(FieldErrors e, RecordProcessingStep r, string productType, DateTimeOffset? firstCollectedAt,
        string id, DateTimeOffset now)
    {
        var step = e.OneOf("step", r.Step, CellLabCodes.ProcessingSteps);
        var at = e.Instant("performedAt", r.PerformedAt, required: true, notAfter: now);
        var by = e.Required("performedBy", r.PerformedBy, 100);
        var passage = e.Integer("passage", r.Passage, 0, 50, required: false);
        var days = e.Integer("cultureDays", r.CultureDays, 0, 365, required: false);
        var tnc = e.Number("tncE6", r.TncE6, 0, 1_000_000, required: false, "×10^6");
        var volume = e.Number("volumeMl", r.VolumeMl, 0, 2000, required: false, "mL");
        var notes = e.Optional("notes", r.Notes, 1000);
        if (step == "CONCENTRATION" && productType == "BMAC")
        {
            if (r.TncE6 is null) e.Add("tncE6", "Q10: record the total nucleated cells of the concentrate.");
            if (r.VolumeMl is null) e.Add("volumeMl", "Q10: record the concentrate volume.");
        }
        if (step is "EXPANSION" or "PASSAGE" && r.Passage is null && r.CultureDays is null)
            e.Add("passage", "Record the passage number or the culture days of an expansion step.");
        if (at is { } a && firstCollectedAt is { } first && a < first)
            e.Add("performedAt", "Must not be before the collection.");
        if (!e.IsEmpty || step is null || at is null || by is null) return null;
        return new ProcessingStepView
        {
            Id = id, Step = step, PerformedAt = at.Value, PerformedBy = by, Passage = passage, CultureDays = days, TncE6 = tnc, VolumeMl = volume, Notes = notes,
        };
    }

    public async Task<Outcome<LotView>> AddDivisionAsync(Actor actor, string lotId, AddDivision r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return Outcome.NotFound<LotView>();
        var e = new FieldErrors();
        var (code, volume, cells) = ValidateDivision(e, r, lot.Divisions.Select(d => d.DivisionCode).ToList());
        if (!e.IsEmpty) return Outcome.Invalid<LotView>(e.ToDictionary());
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, DivisionKind, lot.RecipientPatientId, now, actor.Username);
            await c.ExecuteAsync(InsertDivision, new
            {
                Id = id, Version = 1, LotId = lot.Id, DivisionCode = code, VolumeMl = volume, ViableCellsE6 = cells, RecipientPatientId = (string?)null,
                AllocatedAt = (DateTimeOffset?)null, RecordedBy = actor.Username, RecordedAt = now, Reason = (string?)null,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, DivisionKind, id, lot.RecipientPatientId, ["lot_id", "division_code", "volume_ml"]));
            return 0;
        }, ct);
        return (await LoadAsync(actor, lot.Id, ct))!;
    }

    /// <summary>The rules of a new division (shared with the FHIR import).</summary>
    internal static (string? Code, double? VolumeMl, double? ViableCellsE6) ValidateDivision(FieldErrors e, AddDivision r, IReadOnlyCollection<string> existing)
    {
        var code = r.DivisionCode?.Trim().ToUpperInvariant();
        if (!Isbt128.IsValidDivision(code) || code == "00") e.Add("divisionCode", "Two digits or letters other than 00, e.g. A0, B0.");
        else if (existing.Contains(code!)) e.Add("divisionCode", $"Division {code} already exists in this lot.");
        var volume = e.Number("volumeMl", r.VolumeMl, 0.1, 500, required: true, "mL");
        var cells = e.Number("viableCellsE6", r.ViableCellsE6, 0, 1_000_000, required: false, "×10^6");
        return (code, volume, cells);
    }

    /// <summary>
    /// Allocates a division to a recipient (a new version of the division). Autologous: the recipient must be the donor
    /// patient (I1, hard error). Allogeneic: the donor must be ELIGIBLE.
    /// </summary>
    public async Task<Outcome<LotView>> AllocateAsync(Actor actor, string lotId, string divisionCode, AllocateDivision r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        var division = lot?.Divisions.FirstOrDefault(d => d.DivisionCode == divisionCode.Trim().ToUpperInvariant());
        if (lot is null || division is null) return Outcome.NotFound<LotView>();
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var recipient = await lookups.PatientAsync(actor, r.PatientId, "patientId", e, required: true, ct);
        if (recipient is not null && lot.Origin == CellLabCodes.Autologous && recipient.Id != lot.DonorPatientId) e.Add("patientId", CellLabMessages.I1Mismatch);
        if (lot.Origin == CellLabCodes.Allogeneic && lot.DonorId is { } donorId && (await donors.LoadAsync(Actor.System("allocation"), donorId, ct))?.Eligibility != CellLabCodes.Eligible)
            e.Add("patientId", CellLabMessages.DonorNotEligible);
        if (division.RecipientPatientId is not null && division.RecipientPatientId != recipient?.Id)
            e.Add("patientId", $"Division {division.DivisionCode} is already allocated to another patient.");
        if (!e.IsEmpty) return Outcome.Invalid<LotView>(e.ToDictionary());
        var now = clock.GetUtcNow();
        var stale = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, division.Id, DivisionKind, r.Version!.Value);
            if (next is null or -1) return true;
            await c.ExecuteAsync(InsertDivision, new
            {
                division.Id, Version = next.Value, LotId = lot.Id, division.DivisionCode, division.VolumeMl, division.ViableCellsE6,
                RecipientPatientId = recipient!.Id, AllocatedAt = now, RecordedBy = actor.Username, RecordedAt = now, Reason = "allocation",
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, DivisionKind, division.Id, recipient.Id, ["recipient_patient_id", "allocated_at"]));
            return false;
        }, ct);
        if (stale) return Outcome.Conflict<LotView>("The division was changed by someone else. Reload and allocate again.");
        return (await LoadAsync(actor, lot.Id, ct))!;
    }

    // ---- QC results ---------------------------------------------------------------------------------------------------

    public async Task<Outcome<LotView>> RecordQcAsync(Actor actor, string lotId, RecordQcResult r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return Outcome.NotFound<LotView>();
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        var id = Ids.New(clock);
        var qcRow = ValidateQc(e, r, id, actor.Username, lot.Qc, now);
        if (qcRow is null) return Outcome.Invalid<LotView>(e.ToDictionary());
        var failure = await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, QcKind, lot.RecipientPatientId, now, actor.Username);
            await c.ExecuteAsync(InsertQc, QcParameters(lot.Id, qcRow, null), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, QcKind, id, lot.RecipientPatientId, ["lot_id", "test", "method", "value", "result", "analyst"]));
            return await HandleLateSterilityFailureAsync(c, tx, actor, lot, qcRow, now);
        }, ct);
        await NotifyListenersAsync(failure, ct);
        return (await LoadAsync(actor, lot.Id, ct))!;
    }

    /// <summary>The rules of a new QC result (shared with the FHIR import); null with errors when it is refused.</summary>
    internal static QcResultView? ValidateQc(FieldErrors e, RecordQcResult r, string id, string recordedBy, IReadOnlyList<QcResultView> earlier, DateTimeOffset now)
    {
        var test = e.OneOf("test", r.Test, CellLabCodes.QcTests);
        var method = e.Required("method", r.Method, 100);
        var sampled = e.Instant("sampledAt", r.SampledAt, required: true, notAfter: now);
        var (value, unit, result, resulted, analyst) = ValidateReading(e, test, r.Value, r.Unit, r.Result, r.ResultedAt, r.Analyst ?? recordedBy, sampled, now);
        if (test is not null && earlier.Any(q => q.Test == test))
            e.Add("test", $"A {test} result exists for this lot: record a new version of it instead (retest or final result).");
        if (!e.IsEmpty) return null;
        return new QcResultView
        {
            Id = id, Version = 1, Test = test!, Method = method!, Value = value, Unit = unit, Result = result!, SampledAt = sampled!.Value,
            ResultedAt = resulted, Analyst = analyst!, RecordedBy = recordedBy, RecordedAt = now,
        };
    }

    /// <summary>A new version of a QC result (PENDING → PASS/FAIL, or a correction with a reason).</summary>
    public async Task<Outcome<LotView>> UpdateQcAsync(Actor actor, string lotId, string resultId, UpdateQcResult r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        var current = lot?.Qc.FirstOrDefault(q => q.Id == resultId);
        if (lot is null || current is null) return Outcome.NotFound<LotView>();
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var reason = e.Required("reason", r.Reason, 500);
        var (value, unit, result, resulted, analyst) = ValidateReading(e, current.Test, r.Value, r.Unit ?? current.Unit, r.Result, r.ResultedAt,
            r.Analyst ?? actor.Username, current.SampledAt, now);
        if (!e.IsEmpty) return Outcome.Invalid<LotView>(e.ToDictionary());
        var qcRow = current with { Value = value, Unit = unit, Result = result!, ResultedAt = resulted, Analyst = analyst!, RecordedBy = actor.Username, RecordedAt = now, Reason = reason };
        var (stale, failure) = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, current.Id, QcKind, r.Version!.Value);
            if (next is null or -1) return (true, (SterilityFailure?)null);
            var row = qcRow with { Version = next.Value };
            await c.ExecuteAsync(InsertQc, QcParameters(lot.Id, row, reason), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, QcKind, current.Id, lot.RecipientPatientId, ["value", "result", "resulted_at", "analyst"]));
            return (false, await HandleLateSterilityFailureAsync(c, tx, actor, lot, row, now));
        }, ct);
        if (stale) return Outcome.Conflict<LotView>("The QC result was changed by someone else. Reload and record it again.");
        await NotifyListenersAsync(failure, ct);
        return (await LoadAsync(actor, lot.Id, ct))!;
    }

    static (double? Value, string? Unit, string? Result, DateTimeOffset? ResultedAt, string? Analyst) ValidateReading(
        FieldErrors e, string? test, double? rawValue, string? rawUnit, string? rawResult, string? rawResultedAt, string rawAnalyst, DateTimeOffset? sampled, DateTimeOffset now)
    {
        var value = e.Number("value", rawValue, -1_000_000, 1_000_000_000, required: false);
        var unit = e.Optional("unit", rawUnit, 20);
        var result = e.OneOf("result", rawResult, CellLabCodes.QcResults);
        var resulted = e.Instant("resultedAt", rawResultedAt, required: result is CellLabCodes.Pass or CellLabCodes.Fail, notAfter: now);
        var analyst = e.Required("analyst", rawAnalyst, 60);
        if (test is not null && CellLabCodes.NumericQcTests.Contains(test) && result is CellLabCodes.Pass or CellLabCodes.Fail && rawValue is null)
            e.Add("value", $"{test} is judged on its value: record the value with the result.");
        if (test is "VIABILITY" or "CD73" or "CD90" or "CD105" or "CD45" or "CD34" or "CD14_OR_CD11B" or "CD79A_OR_CD19" or "HLA_DR" && value is < 0 or > 100)
            e.Add("value", "A percentage from 0 to 100.");
        if (resulted is { } done && sampled is { } s && done < s) e.Add("resultedAt", "Must not be before the sample was taken.");
        return (value, unit, result, resulted, analyst);
    }

    internal static object QcParameters(string lotId, QcResultView q, string? reason) => new
    {
        q.Id, q.Version, LotId = lotId, q.Test, q.Method, q.Value, q.Unit, q.Result, q.SampledAt, q.ResultedAt, q.Analyst, q.RecordedBy, q.RecordedAt, Reason = reason,
    };

    /// <summary>
    /// Q8: sterility FAIL on a lot whose current decision is RELEASED or CONDITIONAL_RELEASE → a deviation, a same-day
    /// notification to the treating physician for each recipient, and a system REJECTED decision so nothing more is
    /// administered; all in the caller's transaction. Returns the failure for the listeners, or null.
    /// </summary>
    async Task<SterilityFailure?> HandleLateSterilityFailureAsync(DbConnection c, DbTransaction tx, Actor actor, LotView lot, QcResultView qc, DateTimeOffset now)
    {
        var current = lot.CurrentDecision;
        if (qc.Test != CellLabCodes.Sterility || qc.Result != CellLabCodes.Fail || current is null
            || current.Status is not (CellLabCodes.Released or CellLabCodes.ConditionalRelease)) return null;
        var deviationId = Ids.New(clock);
        var description = $"Sterility (USP <71>) FAILED on lot {lot.LotNumber} after {current.Status} (decision version {current.Version}).";
        await VersionedRecords.CreateAsync(c, tx, deviationId, DeviationKind, lot.RecipientPatientId, now, actor.Username);
        await c.ExecuteAsync(InsertDeviation, new { Id = deviationId, LotId = lot.Id, QcResultId = qc.Id, Kind = "STERILITY_FAIL_AFTER_RELEASE", Description = description, DetectedAt = now, RecordedBy = actor.Username }, tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, DeviationKind, deviationId, lot.RecipientPatientId, ["lot_id", "qc_result_id", "kind"]));
        var recipients = lot.Divisions.Select(d => d.RecipientPatientId).Append(lot.RecipientPatientId).OfType<string>().Distinct().ToList();
        var message = description + " Contact the patient today, assess for infection and open an adverse-event follow-up.";
        foreach (var patientId in recipients.Count == 0 ? [null] : recipients.Cast<string?>())
        {
            var nid = Ids.New(clock);
            await VersionedRecords.CreateAsync(c, tx, nid, NotificationKind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertNotification, new
            {
                Id = nid, LotId = lot.Id, PatientId = patientId, Recipient = lot.TreatingPhysician, Kind = "STERILITY_FAIL_AFTER_RELEASE", Message = message,
                CreatedAt = now, DueOn = DateOnly.FromDateTime(now.UtcDateTime),
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, NotificationKind, nid, patientId, ["lot_id", "recipient", "kind"]));
        }
        var next = await VersionedRecords.NextVersionAsync(c, tx, current.Id, DecisionKind, current.Version)
                   ?? throw new InvalidOperationException("Decision record vanished.");
        if (next == -1) throw new InvalidOperationException("Decision changed concurrently; the QC write is rolled back.");
        await c.ExecuteAsync(InsertDecision, new
        {
            current.Id, Version = next, LotId = lot.Id, Status = CellLabCodes.Rejected, RuleResult = CellLabCodes.Rejected,
            Trace = "[]", AuthorisedBy = SystemDecider, DecidedAt = now, PhysicianAckBy = (string?)null, PhysicianAckAt = (DateTimeOffset?)null,
            PhysicianAckNote = (string?)null, RecordedBy = actor.Username, RecordedAt = now, Reason = $"Q8: sterility failed after release; deviation {deviationId}.",
        }, tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, DecisionKind, current.Id, lot.RecipientPatientId, ["status"]));
        return new SterilityFailure(lot.Id, lot.LotNumber, deviationId, recipients, lot.TreatingPhysician, now);
    }

    async Task NotifyListenersAsync(SterilityFailure? failure, CancellationToken ct)
    {
        if (failure is null) return;
        foreach (var l in listeners)
        {
            // The deviation and notification are already committed; a failing listener must not hide them.
            try { await l.OnSterilityFailureAsync(failure, ct); }
            catch (Exception ex) { log.LogError(ex, "Lot deviation listener {Listener} failed for lot {LotId}", l.GetType().Name, failure.LotId); }
        }
    }

    // ---- release decisions --------------------------------------------------------------------------------------------

    /// <summary>
    /// QA's release decision, checked against the rule result: RELEASED only when the rules say RELEASED,
    /// CONDITIONAL_RELEASE only when they say CONDITIONAL_RELEASE; REJECTED and QUARANTINE are always allowed. The
    /// decider must not be an analyst of the lot's QC results. A decision superseding REJECTED or QUARANTINE needs a reason.
    /// </summary>
    public async Task<Outcome<LotView>> DecideAsync(Actor actor, string lotId, DecideRelease r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return Outcome.NotFound<LotView>();
        var e = new FieldErrors();
        var rule = lot.Evaluation.RuleResult;
        var current = lot.CurrentDecision;
        List<string> analysts;
        await using (var conn = await database.OpenAsync(ct))
            analysts = (await conn.QueryAsync<string>(new CommandDefinition(AnalystsSql, new { lotId = lot.Id }, cancellationToken: ct))).ToList();
        var (status, reason) = CheckDecision(e, r, rule, current?.Status, actor.Username, analysts);
        if (!e.IsEmpty) return Outcome.Invalid<LotView>(e.ToDictionary());
        // The decision in force already says this (a double-submitted form, two QA people at once): it is the same
        // decision, returned as it stands; recording it again would add a version and drop a physician's acknowledgement.
        if (current is not null && current.Status == status && current.Reason == reason && current.RuleResult == rule) return lot;
        var now = clock.GetUtcNow();
        bool stale;
        try
        {
            stale = await DecideInAsync();
        }
        catch (Exception ex) when (UniqueViolation.Is(ex))
        {
            stale = true; // a concurrent first decision took version 1 of this lot's decision (ux_release_decision_lot)
        }
        if (stale) return Outcome.Conflict<LotView>("Another release decision was recorded meanwhile. Reload the lot and decide again.");
        return (await LoadAsync(actor, lot.Id, ct))!;

        Task<bool> DecideInAsync() => database.InTransactionAsync(async (c, tx) =>
        {
            int version;
            var id = current?.Id ?? Ids.New(clock);
            if (current is null)
            {
                await VersionedRecords.CreateAsync(c, tx, id, DecisionKind, lot.RecipientPatientId, now, actor.Username);
                version = 1;
            }
            else
            {
                var next = await VersionedRecords.NextVersionAsync(c, tx, id, DecisionKind, current.Version);
                if (next is null or -1) return true;
                version = next.Value;
            }
            await c.ExecuteAsync(InsertDecision, new
            {
                Id = id, Version = version, LotId = lot.Id, Status = status, RuleResult = rule, Trace = JsonSerializer.Serialize(lot.Evaluation.Trace, Json),
                AuthorisedBy = actor.Username, DecidedAt = now, PhysicianAckBy = (string?)null, PhysicianAckAt = (DateTimeOffset?)null, PhysicianAckNote = (string?)null,
                RecordedBy = actor.Username, RecordedAt = now, Reason = reason,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(current is null ? AuditAction.Create : AuditAction.Update, DecisionKind, id, lot.RecipientPatientId,
                reason is null ? ["status", "rule_result"] : ["status", "rule_result", "reason"]));
            return false;
        }, ct);
    }

    /// <summary>
    /// The rules of a release decision (shared with the FHIR import): RELEASED or CONDITIONAL_RELEASE only when the rule
    /// result says so, a reason after REJECTED or QUARANTINE, and a decider who is not an analyst of the lot's QC.
    /// </summary>
    internal static (string? Status, string? Reason) CheckDecision(FieldErrors e, DecideRelease r, string rule, string? currentStatus,
        string decider, IReadOnlyCollection<string> analysts)
    {
        var status = e.OneOf("status", r.Status, CellLabCodes.ReleaseStatuses);
        var reason = e.Optional("reason", r.Reason, 1000);
        if (status == CellLabCodes.Released && rule != CellLabCodes.Released) e.Add("status", $"{CellLabMessages.ReleaseContradictsRules} Rule result: {rule}.");
        if (status == CellLabCodes.ConditionalRelease && rule != CellLabCodes.ConditionalRelease) e.Add("status", $"{CellLabMessages.ConditionalNotAllowed} Rule result: {rule}.");
        if (status is CellLabCodes.Released or CellLabCodes.ConditionalRelease && currentStatus is CellLabCodes.Rejected or CellLabCodes.Quarantine && reason is null)
            e.Add("reason", CellLabMessages.ReasonAfterStop);
        if (analysts.Any(a => string.Equals(a, decider, StringComparison.OrdinalIgnoreCase))) e.Add("authorisedBy", CellLabMessages.QaIsAnalyst);
        return (status, reason);
    }

    /// <summary>
    /// The treating physician's acknowledgement that a CONDITIONAL_RELEASE lot may be given before its sterility result
    /// (Q8): a new version of the decision record naming the physician. Only physicians; only once per conditional decision.
    /// </summary>
    public async Task<Outcome<LotView>> AcknowledgeAsync(Actor actor, string lotId, AcknowledgeConditionalRelease r, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return Outcome.NotFound<LotView>();
        if (!actor.IsIn(Roles.Physician)) return Outcome.Conflict<LotView>("Only a physician acknowledges pending tests.");
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        if (!r.AcknowledgePendingTests) e.Add("acknowledgePendingTests", "Must be true: you accept that the sterility result is still pending.");
        var note = e.Optional("note", r.Note, 1000);
        var current = lot.CurrentDecision;
        if (current?.Status != CellLabCodes.ConditionalRelease) e.Add("acknowledgePendingTests", "Only a CONDITIONAL_RELEASE decision needs an acknowledgement.");
        else if (current.PhysicianAckAt is not null) e.Add("acknowledgePendingTests", $"Already acknowledged by {current.PhysicianAckBy}.");
        if (!e.IsEmpty) return Outcome.Invalid<LotView>(e.ToDictionary());
        var now = clock.GetUtcNow();
        var stale = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, current!.Id, DecisionKind, r.Version!.Value);
            if (next is null or -1) return true;
            var trace = await c.ExecuteScalarAsync<string>("SELECT trace FROM release_decision_versions WHERE id = @id AND version = @v", new { id = current.Id, v = current.Version }, tx);
            await c.ExecuteAsync(InsertDecision, new
            {
                current.Id, Version = next.Value, LotId = lot.Id, current.Status, current.RuleResult, Trace = trace, current.AuthorisedBy, current.DecidedAt,
                PhysicianAckBy = actor.Username, PhysicianAckAt = now, PhysicianAckNote = note, RecordedBy = actor.Username, RecordedAt = now,
                Reason = "physician acknowledgement of pending tests",
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, DecisionKind, current.Id, lot.RecipientPatientId, ["physician_ack_by", "physician_ack_at"]));
            return false;
        }, ct);
        if (stale) return Outcome.Conflict<LotView>("The release decision changed meanwhile. Reload the lot and acknowledge again.");
        return (await LoadAsync(actor, lot.Id, ct))!;
    }

    // ---- reads for other slices, labels, worklist, tracing ------------------------------------------------------------

    /// <summary>
    /// The product facts administration checks at the bedside (I1, I2), for the lot and optionally one division; null
    /// when the lot or division does not exist. No access check: the caller checks the patient's visibility.
    /// </summary>
    public async Task<LotForAdministration?> FindForAdministrationAsync(string lotId, string? divisionCode, CancellationToken ct)
    {
        var lot = await LoadAsync(Actor.System("administration"), lotId, ct);
        if (lot is null) return null;
        DivisionView? division = null;
        if (!string.IsNullOrWhiteSpace(divisionCode))
        {
            division = lot.Divisions.FirstOrDefault(d => d.DivisionCode == divisionCode.Trim().ToUpperInvariant());
            if (division is null) return null;
        }
        var decision = lot.CurrentDecision;
        return new LotForAdministration
        {
            LotId = lot.Id, LotNumber = lot.LotNumber, SiteId = lot.SiteId, Din = lot.Din.Code, DinFlags = lot.Din.Flags, DinCheckCharacter = lot.Din.CheckCharacter,
            IsTest = lot.Din.IsTest, ProductCode = division is null ? lot.ProductCode.Code : lot.ProductCode.WithDivision(division.DivisionCode).Code,
            DivisionCode = division?.DivisionCode, DivisionId = division?.Id, ProductType = lot.ProductType, CellSource = lot.CellSource, Origin = lot.Origin,
            Manipulation = lot.Manipulation, DonorPatientId = lot.DonorPatientId, DonorId = lot.DonorId,
            RecipientPatientId = division?.RecipientPatientId ?? lot.RecipientPatientId, IntendedRoute = lot.IntendedRoute, PlanId = lot.PlanId,
            ReleaseStatus = decision?.Status, RuleResult = lot.Evaluation.RuleResult, PhysicianAcknowledged = decision?.PhysicianAckAt is not null,
            AcknowledgedBy = decision?.PhysicianAckBy, AcknowledgedAt = decision?.PhysicianAckAt, ExpiresAt = lot.ExpiresAt,
            ViableCellsE6 = division?.ViableCellsE6 ?? lot.Qc.FirstOrDefault(q => q.Test == "VIABLE_COUNT")?.Value,
            VolumeMl = division?.VolumeMl ?? lot.DoseVolumeMl,
        };
    }

    /// <summary>The administration facts for a caller who may see the lot (clinical read of lot status); null when not visible. Audited.</summary>
    public async Task<LotForAdministration?> StatusAsync(Actor actor, string lotId, string? divisionCode, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return null;
        var found = await FindForAdministrationAsync(lot.Id, divisionCode, ct);
        if (found is not null) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "lot_status", lot.Id, found.RecipientPatientId), ct);
        return found;
    }

    /// <summary>The same facts found from a scanned DIN (13 characters, flags optional) and product code; null when no lot matches.</summary>
    public async Task<LotForAdministration?> FindForAdministrationByDinAsync(string din, string productCode, CancellationToken ct)
    {
        var d = Din.Parse(din);
        var p = ProductCode.Parse(productCode?.Trim().ToUpperInvariant());
        if (d is null || p is null) return null;
        await using var c = await database.OpenAsync(ct);
        var lotIds = (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM product_lots WHERE din = @din ORDER BY created_at", new { din = d.Code }, cancellationToken: ct))).ToList();
        foreach (var id in lotIds)
        {
            var found = await FindForAdministrationAsync(id, p.Division == "00" ? null : p.Division, ct);
            if (found is not null && found.ProductCode == p.Code) return found;
        }
        return null;
    }

    /// <summary>The label of the lot or one division (I4); null when not visible. Audited.</summary>
    public async Task<ProductLabel?> LabelAsync(Actor actor, string lotId, string? divisionCode, CancellationToken ct)
    {
        var lot = await LoadAsync(actor, lotId, ct);
        if (lot is null) return null;
        DivisionView? division = null;
        if (!string.IsNullOrWhiteSpace(divisionCode))
        {
            division = lot.Divisions.FirstOrDefault(d => d.DivisionCode == divisionCode.Trim().ToUpperInvariant());
            if (division is null) return null;
        }
        var recipientId = division?.RecipientPatientId ?? lot.RecipientPatientId;
        var pseudonym = recipientId is null ? null : (await patients.LoadAsync(Actor.System("label"), recipientId, ct))?.PseudonymCode;
        var donorCode = lot.DonorId is null ? null : (await donors.LoadAsync(Actor.System("label"), lot.DonorId, ct))?.DonorCode;
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "product_label", lot.Id, recipientId), ct);
        return new ProductLabel
        {
            DinEyeReadable = lot.Din.EyeReadable, DinCode = lot.Din.Code, CheckCharacter = lot.Din.CheckCharacter,
            ProductCode = division is null ? lot.ProductCode.Code : lot.ProductCode.WithDivision(division.DivisionCode).Code,
            LotNumber = lot.LotNumber, PseudonymCode = pseudonym, DonorCode = donorCode, CellSource = lot.CellSource, Origin = lot.Origin,
            DivisionCode = division?.DivisionCode, VolumeMl = division?.VolumeMl ?? lot.DoseVolumeMl,
            ViableCellsE6 = division?.ViableCellsE6 ?? lot.Qc.FirstOrDefault(q => q.Test == "VIABLE_COUNT")?.Value,
            ExpiresAt = lot.ExpiresAt, IsTest = lot.Din.IsTest,
        };
    }

    /// <summary>The lab worklist: the latest 100 lots at the actor's sites with their status, and donors still PENDING.</summary>
    public async Task<LabWorklist> WorklistAsync(Actor actor, CancellationToken ct)
    {
        var rows = new List<LotRow>();
        await using (var c = await database.OpenAsync(ct))
        {
            var args = new DynamicParameters();
            var filter = actor.AllSites ? "" : " AND " + SqlList.In("p.site_id", actor.SiteIds, args, "site");
            rows = (await c.QueryAsync<LotRow>(new CommandDefinition(LotSelect + filter + " ORDER BY p.created_at DESC LIMIT 100", args, cancellationToken: ct))).ToList();
        }
        var lots = new List<WorklistLot>();
        // REVIEW: each lot is assembled and evaluated in full (a handful of queries per lot); fine for a clinic's lab
        // volume, but a busy bank would want the rule result stored on the lot when QC changes.
        foreach (var row in rows)
        {
            await using var c = await database.OpenAsync(ct);
            var lot = await AssembleAsync(c, row, ct);
            var status = lot.CurrentDecision?.Status;
            lots.Add(new WorklistLot(lot.Id, lot.LotNumber, lot.ProductType, lot.CellSource, lot.Din.Code, status, lot.Evaluation.RuleResult,
                lot.Qc.Count(q => q.Result == CellLabCodes.Pending), lot.ExpiresAt,
                AwaitingRelease: status is null && lot.Evaluation.RuleResult is CellLabCodes.Released or CellLabCodes.ConditionalRelease));
        }
        var pendingDonors = (await donors.ListAsync(actor, ct)).Where(d => d.Eligibility == CellLabCodes.EligibilityPending).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "lab_worklist", null, null, [$"lots={lots.Count}"]), ct);
        return new LabWorklist(lots, pendingDonors);
    }

    /// <summary>Notices for a patient (late sterility failure); null when the patient is not visible.</summary>
    public async Task<IReadOnlyList<LabNotification>?> NotificationsForPatientAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<LabNotification>(new CommandDefinition(NotificationColumns + " WHERE n.patient_id = @patientId ORDER BY n.created_at DESC",
            new { patientId }, cancellationToken: ct))).ToList();
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-_.]{1,40}$")] private static partial Regex LotNumberPattern();

    /// <summary>R2 (DOMAIN.md 3.5): BMAC is minimally manipulated; expanded MSC and SVF are more than minimally manipulated.</summary>
    public static string? ExpectedManipulation(string cellSource) => cellSource switch
    {
        "BMAC" => CellLabCodes.Minimal,
        "BM_MSC" or "AD_MSC" or "UC_MSC" or "UCB_MSC" or "AD_SVF" => CellLabCodes.MoreThanMinimal,
        _ => null,
    };

    /// <summary>R2: UC/UCB-MSC are allogeneic, BMAC autologous.</summary>
    public static string? ExpectedOrigin(string cellSource) => cellSource switch
    {
        "UC_MSC" or "UCB_MSC" => CellLabCodes.Allogeneic,
        "BMAC" => CellLabCodes.Autologous,
        _ => null,
    };

    /// <summary>The starting tissue of each cell source.</summary>
    public static string TissueFor(string cellSource) => cellSource switch
    {
        "BM_MSC" or "BMAC" => "BONE_MARROW_ASPIRATE",
        "AD_MSC" or "AD_SVF" => "LIPOASPIRATE",
        "UC_MSC" => "UMBILICAL_CORD",
        "UCB_MSC" => "CORD_BLOOD",
        _ => throw new ArgumentException($"Unknown cell source {cellSource}.", nameof(cellSource)),
    };

    sealed record LotRow
    {
        public string Id { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string LotNumber { get; init; } = "";
        public string Din { get; init; } = "";
        public string ProductType { get; init; } = "";
        public string CellSource { get; init; } = "";
        public string Origin { get; init; } = "";
        public string Manipulation { get; init; } = "";
        public string Pdc { get; init; } = "";
        public string CollectionType { get; init; } = "";
        public string? RecipientPatientId { get; init; }
        public string? IntendedRoute { get; init; }
        public string? PlanId { get; init; }
        public string? TreatingPhysician { get; init; }
        public double? DoseVolumeMl { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
    }

    sealed record DecisionRow
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string Status { get; init; } = "";
        public string RuleResult { get; init; } = "";
        public string AuthorisedBy { get; init; } = "";
        public DateTimeOffset DecidedAt { get; init; }
        public string? PhysicianAckBy { get; init; }
        public DateTimeOffset? PhysicianAckAt { get; init; }
        public string? PhysicianAckNote { get; init; }
        public string? Reason { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string Trace { get; init; } = "[]";

        public ReleaseDecisionView ToView() => new()
        {
            Id = Id, Version = Version, Status = Status, RuleResult = RuleResult, AuthorisedBy = AuthorisedBy, DecidedAt = DecidedAt,
            PhysicianAckBy = PhysicianAckBy, PhysicianAckAt = PhysicianAckAt, PhysicianAckNote = PhysicianAckNote, Reason = Reason,
            RecordedBy = RecordedBy, RecordedAt = RecordedAt,
        };
    }

    sealed record DeviationRow
    {
        public string Id { get; init; } = "";
        public string LotId { get; init; } = "";
        public string QcResultId { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Description { get; init; } = "";
        public DateTimeOffset DetectedAt { get; init; }
        public string RecordedBy { get; init; } = "";
    }
}

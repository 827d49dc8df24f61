namespace OrthoRegen.CellLab;

// ---- requests (JSON bodies and form posts) ------------------------------------------------------------------------

/// <summary>Registers an allogeneic donor. The donor's identity stays with the donor programme; only a code is kept here.</summary>
public sealed record RegisterDonor
{
    /// <summary>RELATED, UNRELATED or BIRTH_TISSUE.</summary>
    public string? DonorType { get; init; }
    /// <summary>Reference of the donor's signed consent (document id in the donor programme).</summary>
    public string? DonorConsentRef { get; init; }
    public string? SiteCode { get; init; }
}

/// <summary>One infectious-marker screening result of a donor.</summary>
public sealed record RecordScreening
{
    public string? Marker { get; init; }
    /// <summary>SEROLOGY or NAT.</summary>
    public string? Method { get; init; }
    /// <summary>NEG, POS or INDETERMINATE.</summary>
    public string? Result { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    public string? TestedOn { get; init; }
}

/// <summary>A harvest: autologous (donor = the patient) or allogeneic (a registered donor). A DIN is assigned on recording.</summary>
public sealed record RecordCollection
{
    public string? Origin { get; init; }
    /// <summary>Autologous: the patient's id or pseudonym code.</summary>
    public string? PatientId { get; init; }
    /// <summary>Allogeneic: the donor's id or donor code.</summary>
    public string? DonorId { get; init; }
    public string? Tissue { get; init; }
    public string? CollectedAt { get; init; }
    /// <summary>mL, 0.1–2000.</summary>
    public double? VolumeMl { get; init; }
    public string? Collector { get; init; }
}

/// <summary>Creates a product lot from one or more collections of the same donor.</summary>
public sealed record CreateLot
{
    public string? LotNumber { get; init; }
    /// <summary>A key of the release specifications (e.g. EXPANDED_MSC, BMAC, AD_SVF).</summary>
    public string? ProductType { get; init; }
    public string? CellSource { get; init; }
    public string? Manipulation { get; init; }
    public IReadOnlyList<string>? CollectionIds { get; init; }
    /// <summary>Intended recipient (id or pseudonym code); for autologous lots it must be the donor patient (I1) and defaults to them.</summary>
    public string? RecipientPatientId { get; init; }
    public string? IntendedRoute { get; init; }
    /// <summary>The treatment plan this lot is made for (kept as text; plans live in another slice).</summary>
    public string? PlanId { get; init; }
    /// <summary>Username of the treating physician, who is notified of a late sterility failure.</summary>
    public string? TreatingPhysician { get; init; }
    /// <summary>Volume of one dose in mL (Q5).</summary>
    public double? DoseVolumeMl { get; init; }
    /// <summary>Defaults to now plus the product type's shelf life.</summary>
    public string? ExpiresAt { get; init; }
}

public sealed record RecordProcessingStep
{
    public string? Step { get; init; }
    public string? PerformedAt { get; init; }
    public string? PerformedBy { get; init; }
    public int? Passage { get; init; }
    public int? CultureDays { get; init; }
    /// <summary>Total nucleated cells ×10^6 (BMAC concentration).</summary>
    public double? TncE6 { get; init; }
    /// <summary>Output volume in mL.</summary>
    public double? VolumeMl { get; init; }
    public string? Notes { get; init; }
}

public sealed record AddDivision
{
    /// <summary>Two characters, e.g. A0, B0 (ISBT 128 division code).</summary>
    public string? DivisionCode { get; init; }
    public double? VolumeMl { get; init; }
    public double? ViableCellsE6 { get; init; }
}

public sealed record AllocateDivision
{
    /// <summary>The recipient's id or pseudonym code.</summary>
    public string? PatientId { get; init; }
    /// <summary>The division version the caller saw.</summary>
    public int? Version { get; init; }
}

public sealed record RecordQcResult
{
    public string? Test { get; init; }
    public string? Method { get; init; }
    public double? Value { get; init; }
    public string? Unit { get; init; }
    public string? Result { get; init; }
    public string? SampledAt { get; init; }
    public string? ResultedAt { get; init; }
    /// <summary>Username of the analyst; defaults to the person recording.</summary>
    public string? Analyst { get; init; }
}

/// <summary>A new version of a QC result (typically PENDING → PASS or FAIL).</summary>
public sealed record UpdateQcResult
{
    public int? Version { get; init; }
    public double? Value { get; init; }
    public string? Unit { get; init; }
    public string? Result { get; init; }
    public string? ResultedAt { get; init; }
    public string? Analyst { get; init; }
    public string? Reason { get; init; }
}

public sealed record DecideRelease
{
    /// <summary>RELEASED, CONDITIONAL_RELEASE, REJECTED or QUARANTINE.</summary>
    public string? Status { get; init; }
    public string? Reason { get; init; }
}

public sealed record AcknowledgeConditionalRelease
{
    /// <summary>The decision version the physician saw.</summary>
    public int? Version { get; init; }
    /// <summary>Must be true: the physician accepts administration before the sterility result.</summary>
    public bool AcknowledgePendingTests { get; init; }
    public string? Note { get; init; }
}

public sealed record RecordCustodyEvent
{
    /// <summary>COLLECTION, LOT or DIVISION.</summary>
    public string? ItemKind { get; init; }
    public string? ItemId { get; init; }
    public string? Event { get; init; }
    public string? FromParty { get; init; }
    public string? ToParty { get; init; }
    public string? Location { get; init; }
    public string? At { get; init; }
    public double? TempC { get; init; }
    public string? TempLoggerId { get; init; }
    public bool? ConditionOk { get; init; }
    public string? Verifier1 { get; init; }
    public string? Verifier2 { get; init; }
    /// <summary>Collections only; lots and divisions carry the lot's expiry.</summary>
    public string? ExpiresAt { get; init; }
    public string? Notes { get; init; }
}

// ---- views --------------------------------------------------------------------------------------------------------

public sealed record ScreeningView(string Id, string Marker, string Method, string Result, DateOnly TestedOn, string RecordedBy, DateTimeOffset RecordedAt);

public sealed record DonorView(string Id, string DonorCode, string SiteId, string DonorType, string DonorConsentRef, string Eligibility,
    IReadOnlyList<string> RequiredMarkers, IReadOnlyList<ScreeningView> Screening, DateTimeOffset RecordedAt, string RecordedBy);

public sealed record CollectionView
{
    public string Id { get; init; } = "";
    public string SiteId { get; init; } = "";
    public string Origin { get; init; } = "";
    public string? PatientId { get; init; }
    public string? DonorId { get; init; }
    public string Tissue { get; init; } = "";
    public DateTimeOffset CollectedAt { get; init; }
    public double VolumeMl { get; init; }
    public string Collector { get; init; } = "";
    public string Din { get; init; } = "";
    public string DinFlags { get; init; } = "";
    public string CheckChar { get; init; } = "";
    public bool IsTest { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record ProcessingStepView
{
    public string Id { get; init; } = "";
    public string Step { get; init; } = "";
    public DateTimeOffset PerformedAt { get; init; }
    public string PerformedBy { get; init; } = "";
    public int? Passage { get; init; }
    public int? CultureDays { get; init; }
    public double? TncE6 { get; init; }
    public double? VolumeMl { get; init; }
    public string? Notes { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record DivisionView
{
    public string Id { get; init; } = "";
    public int Version { get; init; }
    public string DivisionCode { get; init; } = "";
    public double VolumeMl { get; init; }
    public double? ViableCellsE6 { get; init; }
    public string? RecipientPatientId { get; init; }
    public DateTimeOffset? AllocatedAt { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record QcResultView
{
    public string Id { get; init; } = "";
    public int Version { get; init; }
    public string Test { get; init; } = "";
    public string Method { get; init; } = "";
    public double? Value { get; init; }
    public string? Unit { get; init; }
    public string Result { get; init; } = "";
    public DateTimeOffset SampledAt { get; init; }
    public DateTimeOffset? ResultedAt { get; init; }
    public string Analyst { get; init; } = "";
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    public string? Reason { get; init; }
}

/// <summary>One version of the lot's release decision (decisions and acknowledgements are versions of one record).</summary>
public sealed record ReleaseDecisionView
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

    /// <summary>True when this decision lets the product reach a patient (I2): RELEASED, or CONDITIONAL_RELEASE acknowledged.</summary>
    public bool AllowsAdministration => Status == CellLabCodes.Released || Status == CellLabCodes.ConditionalRelease && PhysicianAckAt is not null;
}

public sealed record CustodyEventView
{
    public string Id { get; init; } = "";
    public string ItemKind { get; init; } = "";
    public string ItemId { get; init; } = "";
    public string? LotId { get; init; }
    public string Event { get; init; } = "";
    public string FromParty { get; init; } = "";
    public string ToParty { get; init; } = "";
    public string Location { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public double? TempC { get; init; }
    public string? TempLoggerId { get; init; }
    public bool ConditionOk { get; init; }
    public string? Verifier1 { get; init; }
    public string? Verifier2 { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? Notes { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

public sealed record DeviationView(string Id, string LotId, string QcResultId, string Kind, string Description, DateTimeOffset DetectedAt, string RecordedBy);

public sealed record LabNotification
{
    public string Id { get; init; } = "";
    public string LotId { get; init; } = "";
    public string LotNumber { get; init; } = "";
    public string? PatientId { get; init; }
    public string? Recipient { get; init; }
    public string Kind { get; init; } = "";
    public string Message { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateOnly DueOn { get; init; }
}

/// <summary>Everything the lot page shows.</summary>
public sealed record LotView
{
    public required string Id { get; init; }
    public required string LotNumber { get; init; }
    public required string SiteId { get; init; }
    public required string ProductType { get; init; }
    public required string CellSource { get; init; }
    public required string Origin { get; init; }
    public required string Manipulation { get; init; }
    public required Din Din { get; init; }
    public required ProductCode ProductCode { get; init; }
    public string? DonorPatientId { get; init; }
    public string? DonorId { get; init; }
    public string? RecipientPatientId { get; init; }
    public string? IntendedRoute { get; init; }
    public string? PlanId { get; init; }
    public string? TreatingPhysician { get; init; }
    public double? DoseVolumeMl { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public required IReadOnlyList<CollectionView> Collections { get; init; }
    public required IReadOnlyList<ProcessingStepView> Processing { get; init; }
    public required IReadOnlyList<DivisionView> Divisions { get; init; }
    public required IReadOnlyList<QcResultView> Qc { get; init; }
    public required ReleaseEvaluation Evaluation { get; init; }
    /// <summary>Every decision version, oldest first; the last is current.</summary>
    public required IReadOnlyList<ReleaseDecisionView> Decisions { get; init; }
    public required IReadOnlyList<DeviationView> Deviations { get; init; }
    public required IReadOnlyList<LabNotification> Notifications { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }

    public ReleaseDecisionView? CurrentDecision => Decisions.Count == 0 ? null : Decisions[^1];
}

/// <summary>
/// What administration needs to check a product at the bedside (I1, I2): identity codes, origin, donor and recipient,
/// release status with the physician's acknowledgement for a conditional release, expiry and dose.
/// </summary>
public sealed record LotForAdministration
{
    public required string LotId { get; init; }
    public required string LotNumber { get; init; }
    public required string SiteId { get; init; }
    /// <summary>The 13 DIN characters.</summary>
    public required string Din { get; init; }
    public required string DinFlags { get; init; }
    public required char DinCheckCharacter { get; init; }
    public required bool IsTest { get; init; }
    /// <summary>8 characters, with the division's code when a division was asked for.</summary>
    public required string ProductCode { get; init; }
    public string? DivisionCode { get; init; }
    public string? DivisionId { get; init; }
    public required string ProductType { get; init; }
    public required string CellSource { get; init; }
    public required string Origin { get; init; }
    public required string Manipulation { get; init; }
    /// <summary>Autologous: the donor patient (who must be the recipient, I1).</summary>
    public string? DonorPatientId { get; init; }
    /// <summary>Allogeneic: the registered donor.</summary>
    public string? DonorId { get; init; }
    /// <summary>The patient the division is allocated to, or the lot's intended recipient.</summary>
    public string? RecipientPatientId { get; init; }
    public string? IntendedRoute { get; init; }
    public string? PlanId { get; init; }
    /// <summary>Current release decision status; null when QA has not decided.</summary>
    public string? ReleaseStatus { get; init; }
    public required string RuleResult { get; init; }
    public bool PhysicianAcknowledged { get; init; }
    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    /// <summary>Viable cells ×10^6 of the division (or the lot's VIABLE_COUNT result when no division was asked for).</summary>
    public double? ViableCellsE6 { get; init; }
    public double? VolumeMl { get; init; }

    /// <summary>RELEASED, or CONDITIONAL_RELEASE with the physician's acknowledgement (I2).</summary>
    public bool IsReleased => ReleaseStatus == CellLabCodes.Released || ReleaseStatus == CellLabCodes.ConditionalRelease && PhysicianAcknowledged;
}

/// <summary>One row of the lab worklist.</summary>
public sealed record WorklistLot(string Id, string LotNumber, string ProductType, string CellSource, string Din, string? DecisionStatus,
    string RuleResult, int PendingQc, DateTimeOffset ExpiresAt, bool AwaitingRelease);

public sealed record LabWorklist(IReadOnlyList<WorklistLot> Lots, IReadOnlyList<DonorView> Donors);

/// <summary>Donor → every collection, lot, division and recipient (21 CFR 1271.290(b)).</summary>
public sealed record DonorTrace(string DonorKey, IReadOnlyList<TraceRow> Rows);

/// <summary>One path from a donor (registered donor id or autologous patient id) to a recipient.</summary>
public sealed record TraceRow(string? DonorId, string? DonorPatientId, string CollectionId, string Din, string? LotId, string? LotNumber,
    string? DivisionCode, string? RecipientPatientId);

/// <summary>Raised when sterility fails on a lot that was already released or conditionally released (Q8).</summary>
public sealed record SterilityFailure(string LotId, string LotNumber, string DeviationId, IReadOnlyList<string> RecipientPatientIds,
    string? TreatingPhysician, DateTimeOffset DetectedAt);

/// <summary>
/// Hook for the safety slice: called after a sterility failure on a released or conditionally released lot has been
/// stored (deviation, notification and rejection committed), so it can open an adverse-event follow-up for each recipient.
/// </summary>
public interface ILotDeviationListener
{
    Task OnSterilityFailureAsync(SterilityFailure failure, CancellationToken ct);
}

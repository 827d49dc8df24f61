namespace OrthoRegen.Administration;

/// <summary>
/// One injection as recorded at the bedside (DOMAIN.md 2, Administration). The lot and division are chosen; the DIN,
/// product code and patient identifier are what the barcode scanner read from the product label and the wristband.
/// </summary>
public sealed record RecordAdministration
{
    /// <summary>The patient the operator believes is in front of them; when given it must be the plan's patient.</summary>
    public string? PatientId { get; init; }
    public string? LotId { get; init; }
    /// <summary>Two-character ISBT 128 division code (e.g. A0); empty when the lot is not divided.</summary>
    public string? DivisionCode { get; init; }
    /// <summary>1 … the plan's planned injections.</summary>
    public int? InjectionNumber { get; init; }
    /// <summary>ISO-8601 instant; not in the future.</summary>
    public string? AdministeredAt { get; init; }
    /// <summary>Viable cells given, ×10^6.</summary>
    public double? DoseViableCellsE6 { get; init; }
    public double? VolumeMl { get; init; }
    public string? Route { get; init; }
    public string? Guidance { get; init; }
    /// <summary>The joint or spinal region (a target of the assessment codes).</summary>
    public string? Target { get; init; }
    /// <summary>Spinal targets: the level, e.g. L4-5.</summary>
    public string? TargetLevel { get; init; }
    /// <summary>The administering physician (username or name); defaults to the person recording.</summary>
    public string? Operator { get; init; }
    /// <summary>Post-procedure observation, minutes (0–1440).</summary>
    public int? ObservationMinutes { get; init; }
    public bool? ImmediateReaction { get; init; }
    public string? ReactionNote { get; init; }
    /// <summary>The scanned DIN: 13 characters, optionally followed by the 2 flag characters and/or the check character.</summary>
    public string? ScannedDin { get; init; }
    /// <summary>The scanned 8-character product code (with the division code).</summary>
    public string? ScannedProductCode { get; init; }
    /// <summary>The scanned patient identifier: the pseudonym code on the wristband or label.</summary>
    public string? ScannedPatientIdentifier { get; init; }
    /// <summary>Product temperature at the bedside (°C), recorded on the ADMINISTERED custody event.</summary>
    public double? ProductTempC { get; init; }
    /// <summary>Where it was given (room or bay), for the custody event; defaults to "bedside".</summary>
    public string? Location { get; init; }
}

/// <summary>
/// A correction of a recorded administration: a new version with the reason. Only what was measured or observed can be
/// corrected; the product, patient, route and target were checked at the bedside and are never rewritten.
/// </summary>
public sealed record CorrectAdministration
{
    public int? Version { get; init; }
    public string? Reason { get; init; }
    public double? DoseViableCellsE6 { get; init; }
    public double? VolumeMl { get; init; }
    public string? Guidance { get; init; }
    public string? Operator { get; init; }
    public int? ObservationMinutes { get; init; }
    public bool? ImmediateReaction { get; init; }
    public string? ReactionNote { get; init; }
}

/// <summary>
/// One bedside check that failed (a hard stop) or raised a warning: a stable code, the request field it is about
/// (camelCase JSON path) and the sentence for the operator.
/// </summary>
public sealed record BedsideCheck(string Code, string Field, string Message);

/// <summary>The checks over one attempt: any failure blocks the administration; warnings are shown with it.</summary>
public sealed record BedsideVerdict(IReadOnlyList<BedsideCheck> Failures, IReadOnlyList<BedsideCheck> Warnings)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>One version of an administration record.</summary>
public sealed record AdministrationRecord
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
    /// <summary>Always PASS: a failed bedside check stores no administration (only an audit entry).</summary>
    public string BedsideIdCheck { get; init; } = "";
    public IReadOnlyList<BedsideCheck> Warnings { get; init; } = [];
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    public string? Reason { get; init; }
}

/// <summary>
/// The result of an attempt at the bedside: either the stored record (with its warnings, the follow-up schedule and the
/// custody event) or the refusal listing every failed check, in which case nothing but an audit entry was written.
/// </summary>
public sealed record AdministrationAttempt
{
    public AdministrationRecord? Record { get; init; }
    public IReadOnlyList<BedsideCheck> Failures { get; init; } = [];
    public IReadOnlyList<BedsideCheck> Warnings { get; init; } = [];
    /// <summary>The follow-up schedule started by this (first) injection; null for later injections and refusals.</summary>
    public string? StartedScheduleId { get; init; }
    /// <summary>The ADMINISTERED custody event recorded after the administration; null when it could not be.</summary>
    public string? CustodyEventId { get; init; }
    /// <summary>Why the ADMINISTERED custody event could not be recorded (the administration itself is stored).</summary>
    public string? CustodyProblem { get; init; }

    public bool Refused => Record is null;
}

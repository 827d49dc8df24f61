namespace OrthoRegen.Outcomes;

/// <summary>
/// One treated patient-target of a cohort: the plan, what was given, the baseline (imaging read, patient record at
/// Day 0) and how follow-up went. Carries the pseudonym code and internal ids only, never a name, contact or record
/// number, so every analysis built on it is pseudonymised by construction.
/// </summary>
/// <param name="DayZero">Day 0: the follow-up schedule's anchor, else the (UTC) date of the first recorded injection.</param>
/// <param name="Side">L or R for a knee or hip; null for a spinal target.</param>
/// <param name="Level">The treated spinal level as stored on the plan (e.g. L4-5); null for joints.</param>
/// <param name="KlGrade">Kellgren-Lawrence grade of the latest read of the target on or before Day 0 that records one.</param>
/// <param name="Arco">ARCO stage (AVN) of the latest such read; null when none recorded.</param>
/// <param name="Pfirrmann">Pfirrmann grade of the latest such read (of the treated level when the plan names one).</param>
/// <param name="TotalCellsE6">Planned total dose, ×10^6 cells.</param>
/// <param name="ViableCellsE6">Viable cells actually given, summed over the recorded injections, ×10^6.</param>
/// <param name="CellsPerKgE6">Planned cells per kg, ×10^6/kg (null when no weight was recorded).</param>
/// <param name="Injections">Number of recorded injections (administrations) under the plan.</param>
/// <param name="Bmi">kg/m² from the latest measurement with height and weight on or before Day 0.</param>
/// <param name="LotIds">Product lots administered, in order of first use.</param>
/// <param name="EndpointType">Replacement of the joint or surgery of the spinal level (the survival event), when recorded.</param>
/// <param name="DeathOn">Date of death when recorded (an adverse event with outcome FATAL: its resolution date, else onset).</param>
/// <param name="FollowUpEndedOn">Date follow-up ended early (withdrawal or loss to follow-up).</param>
/// <param name="LastFollowUp">Latest date the patient was seen for this target: the latest visit done, or Day 0.</param>
public sealed record CohortMember(
    string PatientId,
    string PseudonymCode,
    string SiteId,
    string PlanId,
    string? ScheduleId,
    DateOnly DayZero,
    string Indication,
    string Target,
    string? Side,
    string? Level,
    int? KlGrade,
    string? Arco,
    int? Pfirrmann,
    string CellSource,
    string Origin,
    string Route,
    string DoseTier,
    double TotalCellsE6,
    double ViableCellsE6,
    double? CellsPerKgE6,
    int Injections,
    IReadOnlyList<string> Adjuncts,
    int AgeAtDayZero,
    string Sex,
    double? Bmi,
    IReadOnlyList<string> LotIds,
    string? EndpointType,
    DateOnly? EndpointOn,
    DateOnly? DeathOn,
    DateOnly? FollowUpEndedOn,
    DateOnly LastFollowUp);

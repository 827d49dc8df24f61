using System.Collections;
using OrthoRegen.Instruments;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The registry's records as the FHIR mappers see them: what one resource carries, with references as OrthoRegen ids.
/// Each record maps to exactly one resource and back (the round-trip tests check record → JSON → record).
/// </summary>
public interface IFhirRecord
{
    string ResourceType { get; }
    /// <summary>The record id (FHIR <c>id</c>, and the value of the OrthoRegen identifier).</summary>
    string Id { get; }
    /// <summary>The patient the resource belongs to; null for a product lot and its custody events (shared by recipients).</summary>
    string? PatientId { get; }
}

/// <summary>A list with value equality, so records holding lists compare by content.</summary>
public sealed class ValueList<T>(IEnumerable<T> items) : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    readonly T[] _items = [.. items];
    public static readonly ValueList<T> Empty = new([]);
    public T this[int index] => _items[index];
    public int Count => _items.Length;
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
    public bool Equals(ValueList<T>? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);
    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);
    public override int GetHashCode() => _items.Length;
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}

/// <summary>Patient: identifiers (record id, pseudonym code, MRN), name, birth date, gender, language, managing site.</summary>
public sealed record FhirPatient(string Id, string PseudonymCode, string SiteCode, string FamilyName, string GivenName,
    DateOnly BirthDate, string Sex, string Language, string? RecordNumber) : IFhirRecord
{
    public string ResourceType => "Patient";
    string? IFhirRecord.PatientId => Id;
}

/// <summary>Consent: form (code and version), pathway, signer, the acknowledgements made, signing and withdrawal times.</summary>
public sealed record FhirConsent(string Id, string PatientId, string FormCode, string FormVersion, bool Research, string Language,
    DateTimeOffset SignedAt, string Signer, string Pathway, ValueList<string> Acknowledgements, DateTimeOffset? WithdrawnAt) : IFhirRecord
{
    public string ResourceType => "Consent";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>
/// Condition: the indication of an assessment (knee OA, hip OA, disc degeneration, SCI) at its target, with what the
/// assessment store records alongside it: symptom duration (months before <see cref="AssessedOn"/>), baseline pain NRS,
/// the exclusion findings that are present (<see cref="FhirClinicalCodes.Exclusions"/>), HbA1c, planned origin, donor
/// eligibility, notes, and the physician's candidacy decisions on it (oldest first). Null duration = not carried.
/// </summary>
public sealed record FhirCondition(string Id, string PatientId, string Indication, string Target, DateOnly AssessedOn,
    int? SymptomDurationMonths = null, int? PainNrs = null, ValueList<string>? Exclusions = null, decimal? Hba1cPct = null,
    string? PlannedOrigin = null, string? DonorEligibility = null, string? Notes = null, ValueList<FhirCandidacyDecision>? Decisions = null) : IFhirRecord
{
    public ValueList<string> Exclusions { get; init; } = Exclusions ?? ValueList<string>.Empty;
    public ValueList<FhirCandidacyDecision> Decisions { get; init; } = Decisions ?? ValueList<FhirCandidacyDecision>.Empty;
    public string ResourceType => "Condition";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>
/// A physician's candidacy decision on the assessment a Condition stands for: the decision, the rule result it was made
/// on (and whether the indication was research only), the override reason, and the day it was made.
/// </summary>
public sealed record FhirCandidacyDecision(string Decision, string RuleResult, bool ResearchOnly, string? OverrideReason, DateOnly DecidedOn);

/// <summary>What an Observation reports.</summary>
public enum ObservationKind { Imaging, Biomarker, Score, VitalSign }

/// <summary>
/// Observation: an imaging grade (KL, Pfirrmann, AIS), a biomarker, one score of an instrument response
/// (<see cref="DerivedFrom"/> = the response id), or a body weight or height (vital signs, <see cref="FhirVitalSigns"/>). <see cref="Code"/> is the project code (KL_GRADE, IL1B,
/// KOOS.pain); a grade is <see cref="ValueCode"/> or an integer in <see cref="Value"/>.
/// </summary>
public sealed record FhirObservation(string Id, string PatientId, ObservationKind Kind, string Code, DateOnly Effective,
    decimal? Value, string? Unit, string? ValueCode, string? Target, string? Specimen, string? DerivedFrom, FhirDetail? Detail = null) : IFhirRecord
{
    public string ResourceType => "Observation";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>One answered item of a response (item code = Questionnaire linkId).</summary>
public sealed record ResponseItem(string Code, Answer Answer);

/// <summary>QuestionnaireResponse: the raw answers of one instrument response with its visit, target, mode and language.</summary>
public sealed record FhirQuestionnaireResponse(string Id, string PatientId, string Instrument, string DefinitionVersion, string Language,
    string Mode, string VisitCode, string Target, DateOnly CompletedOn, ValueList<ResponseItem> Items, string? PlanId) : IFhirRecord
{
    public string ResourceType => "QuestionnaireResponse";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>
/// CarePlan: a treatment plan (cell source, origin, route, total cells, injections) with its consent and indication, and
/// what the plan store needs besides: manipulation, guidance, regulatory pathway, spinal level, adjuncts, rehabilitation
/// (programme, weeks, sessions per week), the research consent, and the weight the plan's cells/kg were computed from
/// (<see cref="FhirVitalSigns.PlanWeight"/>). Null = not carried (an export of an older version, or no weight recorded).
/// <see cref="StatusHistory"/>: each status the plan held with when it took effect and why (<c>careplan-status-history</c>,
/// <see cref="PlanStatusImport"/>), oldest first; empty in an export of an older version.
/// </summary>
public sealed record FhirCarePlan(string Id, string PatientId, string Status, string Indication, string Target, string CellSource,
    string Origin, string Route, decimal TotalCellsE6, int PlannedInjections, int? IntervalDays, string ConsentId, string? ConditionId,
    string? Manipulation = null, string? Guidance = null, string? RegulatoryPathway = null, string? TargetLevel = null,
    ValueList<string>? Adjuncts = null, string? RehabProgramme = null, int? RehabWeeks = null, int? RehabSessionsPerWeek = null,
    string? ResearchConsentId = null, decimal? WeightKg = null, DateOnly? WeightMeasuredOn = null, ValueList<FhirDetail>? StatusHistory = null) : IFhirRecord
{
    public ValueList<string> Adjuncts { get; init; } = Adjuncts ?? ValueList<string>.Empty;
    public ValueList<FhirDetail> StatusHistory { get; init; } = StatusHistory ?? ValueList<FhirDetail>.Empty;
    public string ResourceType => "CarePlan";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>Procedure: a harvest (tissue collected from the patient) or an administration (lot injected, per plan).</summary>
public sealed record FhirProcedure(string Id, string PatientId, string Kind, string Code, DateTimeOffset PerformedAt, string? Target,
    string? LotId, string? PlanId, decimal? DoseViableCellsE6, decimal? VolumeMl, FhirDetail? Detail = null) : IFhirRecord
{
    public const string Harvest = "HARVEST", Administration = "ADMINISTRATION";
    public string ResourceType => "Procedure";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>BiologicallyDerivedProduct: a product lot with its ISBT 128 DIN and product code, cell source and release status.</summary>
public sealed record FhirProduct(string Id, string LotNumber, string Din, string ProductCode, string CellSource, string Origin,
    string ReleaseStatus, DateTimeOffset ExpiresAt, string? SourcePatientId, ValueList<FhirDetail>? Details = null, FhirDonor? Donor = null) : IFhirRecord
{
    public string ResourceType => "BiologicallyDerivedProduct";
    string? IFhirRecord.PatientId => null;
}

/// <summary>
/// The registered allogeneic donor of a lot, carried as a Patient contained in the BiologicallyDerivedProduct (tagged as a
/// donor, never a registry patient): its record id, donor code, and the <c>donor-detail</c> and <c>donor-screening</c> details.
/// </summary>
public sealed record FhirDonor(string Id, string? DonorCode, ValueList<FhirDetail> Details);

/// <summary>Provenance: one custody event or release decision of a lot (who, from whom, to whom, where, when).</summary>
public sealed record FhirProvenance(string Id, string LotId, string Event, DateTimeOffset At, string Agent, string? ToParty, string? Location,
    FhirDetail? Detail = null) : IFhirRecord
{
    public string ResourceType => "Provenance";
    string? IFhirRecord.PatientId => null;
}

/// <summary>
/// Encounter: a follow-up visit (planned, or finished on its actual date) with its protocol window, the plan its schedule
/// follows (<see cref="PlanId"/>, R5 <c>Encounter.basedOn</c>) and the schedule itself (<see cref="Schedule"/>:
/// <c>encounter-schedule</c>, Day 0, target, treating physician). Null = not carried (an export of an older version).
/// How the schedule's follow-up ended (<see cref="End"/>: <c>encounter-follow-up-end</c>, the fields of <c>EndFollowUp</c>)
/// and its endpoint event (<see cref="Endpoint"/>: <c>encounter-endpoint</c>, the fields of <c>RecordEndpoint</c>) ride on
/// every Encounter of the schedule; <see cref="Findings"/> is what the visit recorded, as canonical JSON
/// (<see cref="VisitFindingsExtension"/>). Null = none recorded.
/// </summary>
public sealed record FhirEncounter(string Id, string PatientId, string VisitCode, DateOnly ScheduledOn, DateOnly? ActualDate,
    DateOnly WindowStart, DateOnly WindowEnd, string? PlanId = null, FhirDetail? Schedule = null, FhirDetail? End = null,
    FhirDetail? Endpoint = null, string? Findings = null) : IFhirRecord
{
    public string ResourceType => "Encounter";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>
/// AdverseEvent: term, CTCAE grade, onset, seriousness, outcome, the suspect administration and lot, and what the adverse
/// event store records besides (<see cref="Detail"/>: <c>adverse-event-detail</c>, sub-extensions named as the fields of
/// <see cref="Safety.RecordAdverseEvent"/>). Null = not carried (an export of an older version). <see cref="Reports"/>: the
/// event's regulatory reports in their current version (<c>adverse-event-report</c>, <see cref="RegulatoryReportImport"/>).
/// </summary>
public sealed record FhirAdverseEvent(string Id, string PatientId, string Term, string? MeddraPt, int Grade, DateOnly Onset,
    bool Serious, string Outcome, string? AdministrationId, string? LotId, FhirDetail? Detail = null, ValueList<FhirDetail>? Reports = null) : IFhirRecord
{
    public ValueList<FhirDetail> Reports { get; init; } = Reports ?? ValueList<FhirDetail>.Empty;
    public string ResourceType => "AdverseEvent";
    string? IFhirRecord.PatientId => PatientId;
}

/// <summary>A Questionnaire as read back: what identifies it and the items it offers (linkId, type, option values).</summary>
public sealed record FhirQuestionnaireShape(string Code, string Version, string Url, ValueList<string> Items) : IFhirRecord
{
    public string ResourceType => "Questionnaire";
    public string Id => $"{Code.ToLowerInvariant().Replace('_', '-')}-{Version.Replace('_', '-')}";
    string? IFhirRecord.PatientId => null;

    /// <summary>The shape of a definition: each item as "linkId:type[:option values]".</summary>
    public static FhirQuestionnaireShape From(InstrumentDefinition d) => new(d.Code, d.Version, FhirQuestionnaire.Url(d),
        new(d.Sections.SelectMany(s => s.Items).Select(i => i.Code + ":" + i.Scale switch
        {
            AnswerScale.Choice c => "choice:" + string.Join("|", c.Options.Select(o => o.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(c.CodedOptions.Select(o => o.Code))),
            AnswerScale.Coded c => "choice:" + string.Join("|", c.Options.Select(o => o.Code)),
            AnswerScale.Quantity => "decimal",
            AnswerScale.YesNo => "boolean",
            _ => "?",
        })));
}

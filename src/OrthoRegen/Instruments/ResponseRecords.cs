using System.Text.Json;
using OrthoRegen.Data;

namespace OrthoRegen.Instruments;

/// <summary>How a response was collected. The mode is kept because scores collected by interview and on paper are not
/// always interchangeable, and because it says who answered (the patient, or staff transcribing or asking).</summary>
public static class ResponseModes
{
    public const string ClinicTablet = "CLINIC_TABLET", Portal = "PORTAL", PhoneInterview = "PHONE_INTERVIEW", PaperTranscription = "PAPER_TRANSCRIPTION";
    public static readonly IReadOnlyList<string> All = [ClinicTablet, Portal, PhoneInterview, PaperTranscription];

    /// <summary>The record source: the patient typed the answers (tablet, portal), or clinic staff entered them.</summary>
    public static string SourceOf(string mode) => mode is ClinicTablet or Portal ? RecordSource.Patient : RecordSource.Clinic;
}

/// <summary>A response to submit for a patient: the request of <c>orthoregen score</c> plus where it belongs.</summary>
public sealed record SubmitResponse
{
    /// <summary>Instrument code as in INSTRUMENTS.md (KOOS, ODI, ISNCSCI …).</summary>
    public string? Instrument { get; init; }
    /// <summary>Item code → answer; absent or null = missing.</summary>
    public Dictionary<string, JsonElement>? Items { get; init; }
    /// <summary>Scoring options (e.g. <c>missing_rule</c>); kept with the response so a rescore uses the same rules.</summary>
    public Dictionary<string, JsonElement>? Options { get; init; }
    /// <summary>Language the questionnaire was answered in: en, ko or zh.</summary>
    public string? Language { get; init; }
    /// <summary>One of <see cref="ResponseModes.All"/>.</summary>
    public string? Mode { get; init; }
    /// <summary>Visit the response belongs to (BASE, M3, M6 …), free text until the follow-up schedule exists.</summary>
    public string? VisitCode { get; init; }
    /// <summary>Target joint or region, coded as in assessments (KNEE_R, LUMBAR, SCI …).</summary>
    public string? Target { get; init; }
    /// <summary>Date the questionnaire was completed (YYYY-MM-DD), not after today.</summary>
    public string? CompletedOn { get; init; }
}

/// <summary>Asks for a stored response to be scored again with the current definition of its instrument.</summary>
/// <param name="Version">The response version the caller saw; a newer one makes the request a conflict.</param>
public sealed record RescoreResponse(int? Version);

/// <summary>
/// A stored instrument response (one version). <see cref="Result"/> is the scoring result as
/// <c>orthoregen score</c> writes it (scores, band, errors, classification, version, options, details);
/// <see cref="Scores"/> repeats its score values for convenience.
/// </summary>
/// <param name="DefinitionVersion">Version of the instrument definition these scores were computed with.</param>
/// <param name="EnteredBy">Who entered the answers (kept across rescoring).</param>
/// <param name="RecordedBy">Who made this version (the rescoring user for a rescore).</param>
/// <param name="Reason">Null for the first version; "rescored with KOOS 2.1" for a rescore.</param>
public sealed record InstrumentResponse(
    string Id,
    string PatientId,
    int Version,
    string Instrument,
    string DefinitionVersion,
    string Language,
    string Mode,
    string VisitCode,
    string Target,
    DateOnly CompletedOn,
    IReadOnlyDictionary<string, decimal?> Scores,
    JsonElement Result,
    JsonElement Items,
    string EnteredBy,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    string Source,
    string? Reason);

/// <summary>
/// One instrument's scores over time for one target, each follow-up compared with the baseline
/// (<see cref="Interpretation.Compare"/>: change, relative change, MCID and PASS of the definition's default population).
/// </summary>
/// <param name="Baseline">The baseline response: the earliest completed one with visit code BASE, else the earliest
/// completed one. Null only when there are no responses.</param>
/// <param name="Population">Population whose thresholds were applied; null when the instrument has none.</param>
public sealed record ScoreHistory(
    string Instrument, string Target, string? Population, HistoryPoint? Baseline, IReadOnlyList<HistoryPoint> Points);

/// <summary>One response in a history; <see cref="Change"/> is null for the baseline itself.</summary>
public sealed record HistoryPoint(
    string ResponseId, string VisitCode, DateOnly CompletedOn, string DefinitionVersion,
    IReadOnlyDictionary<string, decimal?> Scores, IReadOnlyList<ScoreChange>? Change);

using System.Globalization;

namespace OrthoRegen.Evidence;

/// <summary>Every user-facing message of the evidence slice, in one place so tests can assert on them.</summary>
public static class EvidenceMessages
{
    public const string NeedIdentifier = "Give a DOI, a PMID or a source URL, so the study can be found.";
    public const string UrlFormat = "Must be an absolute http or https address.";
    public static string DuplicateArm(string name) => $"Arm '{name}' is listed twice.";
    public static string UnknownArm(string name) => $"No arm named '{name}' in this study.";
    public static string OutcomeNAboveArm(int armN) => $"Must not exceed the arm's n ({armN}).";
    public const string BothKinds = "Give either mean and SD (continuous) or events (binary), not both.";
    public const string NeedData = "Give mean and SD (continuous) or events (binary).";
    public const string SdPositive = "Must be a positive number.";
    public const string ContinuousN = "A continuous result needs n of at least 2.";
    public const string EventsRange = "Must be a whole number from 0 to n.";
    public const string DuplicateOutcome = "This arm already has a result for this instrument, score and time point.";
    public const string RatioPositive = "A ratio must be positive.";
    public const string CiOrder = "The interval must satisfy lower < estimate < upper.";
    public const string DuplicateEffect = "This study already has a reported effect for this outcome, time point and measure.";
    public const string ReasonRequired = "Required: why the study is corrected.";
    public const string VersionRequired = "Required: the version you are correcting.";

    // ---- workspace -------------------------------------------------------------------------------------------------
    public const string NoOutcome = "The study has no data for this outcome and time point.";
    public const string NoControl = "No control arm with data for this outcome: a between-group effect cannot be computed.";
    public const string NoTreatment = "No treatment arm with data for this outcome.";
    public const string WrongKindContinuous = "The arm data are binary (events), but the measure needs means.";
    public const string WrongKindBinary = "The arm data are continuous (means), but the measure needs events.";
    public static string NoReportedEffect(string measure) => $"No arm data and no reported {measure} for this outcome.";
    public const string TooFewStudies = "Fewer than 2 studies have data for this outcome, time point and measure: nothing to pool.";
    public const string NeedThreeStudies = "Needs at least 3 studies.";
    public const string NoDoseVariation = "Fewer than 3 studies report a dose, or all report the same dose.";
    public const string OneSubgroupLevel = "All studies fall in one subgroup: there is nothing to compare.";
    public const string ClinicNeedsMonth = "Pick a time point in months to compare the clinic's registry.";
    public const string ClinicNeedsComparison =
        "A risk or odds ratio compares two groups: pick a saved comparison cohort to draw the clinic's responders against it.";
    public const string ClinicTooFew = "Too few patients with a baseline and a follow-up score for this effect (SMD needs 3; a comparison needs 2 per side).";
    public const string ClinicNoSpread = "The changes do not vary, so a standardised difference cannot be computed.";
    public const string ClinicNoThreshold = "This score has no minimal important change, so responders (and RR or OR) are not defined.";
    public const string ClinicNoContrast = "Every patient on both sides responded, or none did: the ratio is not estimable.";
    public const string UnknownComparison = "No saved cohort with this id.";
    public const string ClinicLabel = "Clinic registry (non-randomised, pre-post)";
    public static string NoVisitForMonth(double month) =>
        string.Create(CultureInfo.InvariantCulture, $"The follow-up schedule has no visit at {month} months.");

    // ---- CSV -------------------------------------------------------------------------------------------------------
    public static string Cell(int row, string column) => $"row {row}, column '{column}'";
    public const string File = "file";
    public const string EmptyFile = "The file has no header row.";
    public static string MissingColumns(IEnumerable<string> columns) => $"Missing columns: {string.Join(", ", columns)}.";
    public static string UnknownColumns(IEnumerable<string> columns) => $"Unknown columns: {string.Join(", ", columns)}.";
    public const string RecordType = "Must be STUDY, ARM, OUTCOME or EFFECT.";
    public const string NotNumber = "Must be a number (use . as the decimal point).";
    public const string NotWhole = "Must be a whole number.";
    public const string StudyKeyRequired = "Required: the study this row belongs to.";
    public static string UnknownStudyKey(string key) => $"No STUDY row with study_key '{key}'.";
    public static string DuplicateStudyKey(string key) => $"study_key '{key}' is used by two STUDY rows.";
    public const string NoStudies = "The file has no STUDY rows.";

    // ---- PRISMA and GRADE ----------------------------------------------------------------------------------------
    public static string MustEqual(string what, int expected) => $"Must equal {what} = {expected}.";
    public static string AtMost(string what, int max) => $"Must not exceed {what} ({max}).";
    public const string UpgradeOnlyObservational =
        "Upgrading is for bodies of observational evidence only (GRADE handbook 5.2); randomised evidence starts high.";
}

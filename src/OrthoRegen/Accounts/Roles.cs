namespace OrthoRegen.Accounts;

/// <summary>Staff roles. A user may hold several.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Physician = "Physician";
    public const string Rehab = "Rehab";
    public const string CellLab = "CellLab";
    public const string QA = "QA";
    public const string Coordinator = "Coordinator";
    public const string Researcher = "Researcher";

    /// <summary>The safety officer: assesses reportability and submits expedited reports to authorities.</summary>
    public const string Safety = "Safety";

    public static readonly IReadOnlyList<string> All = [Admin, Physician, Rehab, CellLab, QA, Coordinator, Researcher, Safety];

    /// <summary>Roles that see a patient's direct identifiers (name, contact, record and national numbers, exact birth date).</summary>
    public static readonly IReadOnlyList<string> SeeIdentifiers = [Admin, Physician, Rehab, Coordinator, CellLab, QA, Safety];

    /// <summary>Roles that may read clinical records of patients at their sites.</summary>
    public static readonly IReadOnlyList<string> ReadClinical = [Admin, Physician, Rehab, Coordinator, Researcher];

    /// <summary>Roles that may register patients and record consents, assessments and measurements.</summary>
    public static readonly IReadOnlyList<string> WriteClinical = [Admin, Physician, Rehab, Coordinator];

    /// <summary>Roles that may record the physician's candidacy decision.</summary>
    public static readonly IReadOnlyList<string> DecideCandidacy = [Physician];

    /// <summary>Roles that write treatment plans and record administrations (the treating or administering physician).</summary>
    public static readonly IReadOnlyList<string> PlanTreatment = [Physician];

    /// <summary>Roles that read treatment plans, administrations and the product record tied to a patient.</summary>
    public static readonly IReadOnlyList<string> ReadTreatment = [Admin, Physician, Rehab, Coordinator, CellLab, QA, Safety, Researcher];

    /// <summary>The cell-lab workspace: donors, collections, lots, processing, QC results and custody events.</summary>
    public static readonly IReadOnlyList<string> CellLabWork = [CellLab, QA];

    /// <summary>Roles that decide a lot's release (QA, the authorised person).</summary>
    public static readonly IReadOnlyList<string> ReleaseLots = [QA];

    /// <summary>Roles that run follow-up: schedules, worklists and visit records.</summary>
    public static readonly IReadOnlyList<string> FollowUpWork = [Admin, Coordinator, Physician, Rehab];

    /// <summary>Any clinical role may capture an adverse event (DOMAIN 1, step 12).</summary>
    public static readonly IReadOnlyList<string> CaptureAdverseEvents = [Admin, Physician, Rehab, Coordinator, CellLab, QA, Safety];

    /// <summary>Roles that record expedited and periodic reports to authorities.</summary>
    public static readonly IReadOnlyList<string> ReportSafety = [Safety];

    /// <summary>Roles that run cohort analytics (researchers see pseudonymised data only).</summary>
    public static readonly IReadOnlyList<string> AnalyseOutcomes = [Admin, Physician, Rehab, Researcher, Safety];

    /// <summary>Roles that keep the literature library and run evidence syntheses.</summary>
    public static readonly IReadOnlyList<string> ReviewEvidence = [Admin, Physician, Researcher];

    /// <summary>Roles that review a safety signal flagged on a lot, processing run or cell source.</summary>
    public static readonly IReadOnlyList<string> ReviewSignals = [Safety, QA];

    /// <summary>Roles that import and export identifiable records (FHIR, REDCap).</summary>
    public static readonly IReadOnlyList<string> ExchangeData = [Admin];
}

/// <summary>
/// Who is acting: a staff user (by cookie or API token) or the system itself. Carried into every store call so that
/// versions, audit rows and access decisions name the same person.
/// </summary>
public sealed record Actor(
    string UserId,
    string Username,
    IReadOnlyList<string> RoleNames,
    bool AllSites,
    IReadOnlyList<string> SiteIds,
    string? Origin)
{
    public static Actor System(string origin = "system") => new("system", "system", [Roles.Admin], true, [], origin);

    public bool IsIn(string role) => RoleNames.Contains(role, StringComparer.Ordinal);
    public bool IsInAny(IEnumerable<string> roles) => roles.Any(IsIn);

    /// <summary>True when the actor may see direct identifiers; researchers alone never do.</summary>
    public bool SeesIdentifiers => IsInAny(Roles.SeeIdentifiers);

    public bool CanAccessSite(string siteId) => AllSites || SiteIds.Contains(siteId, StringComparer.Ordinal);
}

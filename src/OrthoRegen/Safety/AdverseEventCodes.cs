namespace OrthoRegen.Safety;

/// <summary>The code lists of the adverse-event record (DOMAIN.md 2 and 3.3).</summary>
public static class AdverseEventCodes
{
    /// <summary>ICH E2A seriousness criteria (rule A1). Any one of them makes an event serious.</summary>
    public static class Criteria
    {
        public const string Death = "DEATH";
        /// <summary>At risk of death at the time of the event, not hypothetically.</summary>
        public const string LifeThreatening = "LIFE_THREATENING";
        /// <summary>Inpatient hospitalisation or prolongation of an existing one.</summary>
        public const string Hospitalization = "HOSPITALIZATION";
        public const string Disability = "PERSISTENT_OR_SIGNIFICANT_DISABILITY";
        public const string CongenitalAnomaly = "CONGENITAL_ANOMALY";
        /// <summary>Medical judgement: may need intervention to prevent one of the other outcomes.</summary>
        public const string ImportantMedicalEvent = "IMPORTANT_MEDICAL_EVENT";
        public static readonly IReadOnlyList<string> All = [Death, LifeThreatening, Hospitalization, Disability, CongenitalAnomaly, ImportantMedicalEvent];
    }

    /// <summary>Causality scale (rule A3), assessed separately for the product and for the procedure (harvest or injection).</summary>
    public static readonly IReadOnlyList<string> Relatedness = ["UNRELATED", "UNLIKELY", "POSSIBLE", "PROBABLE", "DEFINITE"];

    /// <summary>The levels that make an event "related" (an adverse reaction), rule A3.</summary>
    public static readonly IReadOnlyList<string> RelatedLevels = ["POSSIBLE", "PROBABLE", "DEFINITE"];

    public static readonly IReadOnlyList<string> Outcomes = ["RECOVERED", "RECOVERING", "NOT_RECOVERED", "RECOVERED_WITH_SEQUELAE", "FATAL", "UNKNOWN"];

    /// <summary>Outcomes that mean the event has ended, so a resolution date belongs to them.</summary>
    public static readonly IReadOnlyList<string> ResolvedOutcomes = ["RECOVERED", "RECOVERED_WITH_SEQUELAE"];

    public static readonly IReadOnlyList<string> Actions = ["NONE", "TREATED", "HOSPITALIZED", "FURTHER_INJECTIONS_STOPPED"];

    /// <summary>CTCAE versions accepted: 5.0 (2017) and 6.0 (published 22 Jul 2025).</summary>
    public static readonly IReadOnlyList<string> CtcaeVersions = ["5.0", "6.0"];

    /// <summary>Cell sources as in DOMAIN.md 2. REVIEW: the treatment slice owns this list; unify when it lands.</summary>
    public static readonly IReadOnlyList<string> CellSources = ["BM_MSC", "AD_MSC", "UC_MSC", "UCB_MSC", "BMAC", "AD_SVF"];

    /// <summary>Administration routes as in DOMAIN.md 2. REVIEW: the treatment slice owns this list; unify when it lands.</summary>
    public static readonly IReadOnlyList<string> Routes = ["INTRA_ARTICULAR", "SUBCHONDRAL_INTRAOSSEOUS", "INTRADISCAL", "INTRATHECAL", "INTRALESIONAL", "INTRAVENOUS"];

    public static bool IsRelated(string relatedness) => RelatedLevels.Contains(relatedness);
}

/// <summary>The regulatory report record's codes (DOMAIN.md 2).</summary>
public static class ReportCodes
{
    public static readonly IReadOnlyList<string> Authorities = ["KR_KNIH_ARMI", "KR_MFDS", "CN_NHC", "US_FDA", "IRB"];

    public const string Initial = "INITIAL";
    /// <summary>For a fatal or life-threatening SUSAR: the completion report due 8 days after the initial one.</summary>
    public const string FollowUp = "FOLLOW_UP";
    /// <summary>Periodic report; not created automatically by the expedited clock.</summary>
    public const string Annual = "ANNUAL";
    public static readonly IReadOnlyList<string> Types = [Initial, FollowUp, Annual];
}

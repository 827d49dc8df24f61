using OrthoRegen.Assessment;
using OrthoRegen.Treatment;

namespace OrthoRegen.Evidence;

/// <summary>Coded values of the literature library.</summary>
public static class EvidenceCodes
{
    public const string Rct = "RCT", NonRandomised = "NON_RANDOMISED", Cohort = "COHORT", CaseSeries = "CASE_SERIES",
        MetaAnalysis = "META_ANALYSIS", Registry = "REGISTRY";

    /// <summary>Study designs. Only RCT counts as randomised evidence for GRADE's starting level.</summary>
    public static readonly IReadOnlyList<string> Designs = [Rct, NonRandomised, Cohort, CaseSeries, MetaAnalysis, Registry];

    public const string Treatment = "TREATMENT", Control = "CONTROL";
    public static readonly IReadOnlyList<string> ArmRoles = [Treatment, Control];

    /// <summary>Indications, as in assessments (DOMAIN.md 2).</summary>
    public static IReadOnlyList<string> Indications => AssessmentCodes.Indications;

    /// <summary>Cell sources as in treatment plans, plus PRP (an adjunct the literature also studies alone).</summary>
    public static readonly IReadOnlyList<string> CellSources = [.. TreatmentCodes.CellSources, "PRP"];

    /// <summary>Routes as in treatment plans.</summary>
    public static IReadOnlyList<string> Routes => TreatmentCodes.Routes;

    /// <summary>Effect measures the workspace offers (metafor's escalc codes; RR and OR are analysed on the log scale).</summary>
    public static readonly IReadOnlyList<string> Measures = ["MD", "SMD", "RR", "OR"];

    public const string ByCellSource = "cellSource", ByRoute = "route";
    public static readonly IReadOnlyList<string> SubgroupBy = [ByCellSource, ByRoute];

    /// <summary>The subgroup label of a study that did not report the grouping variable.</summary>
    public const string NotReported = "NOT_REPORTED";

    public static bool IsRatio(string measure) => measure is "RR" or "OR";
}

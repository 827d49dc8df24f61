namespace OrthoRegen.Assessment;

/// <summary>Coded values of the consultation records (DOMAIN.md section 2).</summary>
public static class AssessmentCodes
{
    public const string KneeOa = "KNEE_OA", HipOa = "HIP_OA", DiscDegeneration = "DISC_DEGENERATION", Sci = "SCI";
    public static readonly IReadOnlyList<string> Indications = [KneeOa, HipOa, DiscDegeneration, Sci];

    /// <summary>Treatment targets. Spinal targets name the region; the disc level goes in the imaging read.</summary>
    public static readonly IReadOnlyList<string> Targets = ["KNEE_L", "KNEE_R", "HIP_L", "HIP_R", "LUMBAR", "CERVICAL", "THORACIC", "SCI"];

    /// <summary>Which targets fit which indication.</summary>
    public static bool TargetFits(string indication, string target) => indication switch
    {
        KneeOa => target is "KNEE_L" or "KNEE_R",
        HipOa => target is "HIP_L" or "HIP_R",
        DiscDegeneration => target is "LUMBAR" or "CERVICAL" or "THORACIC",
        Sci => target is "SCI" or "CERVICAL" or "THORACIC" or "LUMBAR",
        _ => false,
    };

    public static readonly IReadOnlyList<string> Modalities = ["XRAY", "MRI", "CT"];
    public static readonly IReadOnlyList<string> ScoringSystems = ["MOAKS", "WORMS"];
    public static readonly IReadOnlyList<string> AvnStages = ["NONE", "ARCO_I", "ARCO_II", "ARCO_III", "ARCO_IV"];
    public static readonly IReadOnlyList<string> ModicTypes = ["0", "1", "2", "3", "MIXED_1_2", "MIXED_2_3"];
    public static readonly IReadOnlyList<string> AisGrades = ["A", "B", "C", "D", "E"];

    public static readonly IReadOnlyList<string> ConservativeTypes = ["NSAID", "IA_CORTICOSTEROID", "IA_HA", "PHYSIOTHERAPY", "WEIGHT_LOSS", "BRACE", "SURGERY"];
    public static readonly IReadOnlyList<string> IntraArticularTypes = ["IA_CORTICOSTEROID", "IA_HA"];
    public static readonly IReadOnlyList<string> Responses = ["NONE", "PARTIAL_TRANSIENT", "GOOD"];
    /// <summary>Conservative treatments may be systemic (NSAIDs, weight loss) rather than aimed at one target.</summary>
    public static readonly IReadOnlyList<string> TreatmentTargets = [.. Targets, "SYSTEMIC"];

    public static readonly IReadOnlyList<string> Origins = ["AUTOLOGOUS", "ALLOGENEIC"];
    public static readonly IReadOnlyList<string> DonorEligibilities = ["ELIGIBLE", "INELIGIBLE", "PENDING"];

    public static readonly IReadOnlyList<string> Analytes = ["IL1B", "TNFA", "OTHER"];
    public static readonly IReadOnlyList<string> Specimens = ["SERUM", "SYNOVIAL_FLUID", "CSF"];
}

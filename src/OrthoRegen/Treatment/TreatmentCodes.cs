namespace OrthoRegen.Treatment;

/// <summary>Coded values of a treatment plan (DOMAIN.md 2, TreatmentPlan / ProductLot / Administration).</summary>
public static class TreatmentCodes
{
    public const string BmMsc = "BM_MSC", AdMsc = "AD_MSC", UcMsc = "UC_MSC", UcbMsc = "UCB_MSC", Bmac = "BMAC", AdSvf = "AD_SVF";

    /// <summary>Bone-marrow, adipose, umbilical-cord and cord-blood MSC; bone marrow aspirate concentrate; stromal vascular fraction.</summary>
    public static readonly IReadOnlyList<string> CellSources = [BmMsc, AdMsc, UcMsc, UcbMsc, Bmac, AdSvf];

    public const string Autologous = "AUTOLOGOUS", Allogeneic = "ALLOGENEIC";
    public static readonly IReadOnlyList<string> Origins = [Autologous, Allogeneic];

    /// <summary>
    /// MINIMAL: centrifugation or concentration, washing, freezing, thawing. MORE_THAN_MINIMAL: culture expansion,
    /// enzymatic digestion (21 CFR 1271.3(f); DOMAIN.md 2).
    /// </summary>
    public const string Minimal = "MINIMAL", MoreThanMinimal = "MORE_THAN_MINIMAL";
    public static readonly IReadOnlyList<string> Manipulations = [Minimal, MoreThanMinimal];

    public const string IntraArticular = "INTRA_ARTICULAR";
    public static readonly IReadOnlyList<string> Routes =
        [IntraArticular, "SUBCHONDRAL_INTRAOSSEOUS", "INTRADISCAL", "INTRATHECAL", "INTRALESIONAL", "INTRAVENOUS"];

    public const string NoGuidance = "NONE";
    public static readonly IReadOnlyList<string> Guidance = ["ULTRASOUND", "FLUOROSCOPY", "CT", "ARTHROSCOPY", NoGuidance];

    /// <summary>Adjuncts given with the cells. An empty set means none.</summary>
    public static readonly IReadOnlyList<string> Adjuncts = ["PRP", "HA"];

    public const string Active = "ACTIVE", Completed = "COMPLETED", Cancelled = "CANCELLED";
    public static readonly IReadOnlyList<string> Statuses = [Active, Completed, Cancelled];
    /// <summary>The statuses a plan may be moved to from ACTIVE (both are final).</summary>
    public static readonly IReadOnlyList<string> FinalStatuses = [Completed, Cancelled];

    public const string Low = "LOW", Medium = "MEDIUM", High = "HIGH";
    public static readonly IReadOnlyList<string> DoseTiers = [Low, Medium, High];

    public static bool IsHip(string target) => target is "HIP_L" or "HIP_R";
    public static bool IsKnee(string target) => target is "KNEE_L" or "KNEE_R";

    /// <summary>Spinal targets take a level (e.g. L4-5); joints are the target themselves.</summary>
    public static bool IsSpinal(string target) => target is "LUMBAR" or "CERVICAL" or "THORACIC" or "SCI";
}

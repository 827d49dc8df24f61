namespace OrthoRegen.CellLab;

/// <summary>Coded values of the cell-lab records (DOMAIN.md 2: Donor, Collection, ProductLot, QCResult, ReleaseDecision, CustodyEvent).</summary>
public static class CellLabCodes
{
    public const string Autologous = "AUTOLOGOUS", Allogeneic = "ALLOGENEIC";
    public static readonly IReadOnlyList<string> Origins = [Autologous, Allogeneic];

    public static readonly IReadOnlyList<string> DonorTypes = ["RELATED", "UNRELATED", "BIRTH_TISSUE"];
    public static readonly IReadOnlyList<string> ScreeningMethods = ["SEROLOGY", "NAT"];
    public static readonly IReadOnlyList<string> ScreeningResults = ["NEG", "POS", "INDETERMINATE"];
    /// <summary>Infectious markers a screening result may name (DOMAIN.md 1, allogeneic donors).</summary>
    public static readonly IReadOnlyList<string> Markers = ["HIV_1_2", "HBV", "HCV", "SYPHILIS", "HTLV_I_II", "CMV", "WNV", "ZIKV", "TC"];

    public static readonly IReadOnlyList<string> Tissues = ["BONE_MARROW_ASPIRATE", "LIPOASPIRATE", "UMBILICAL_CORD", "CORD_BLOOD"];
    public static readonly IReadOnlyList<string> CellSources = ["BM_MSC", "AD_MSC", "UC_MSC", "UCB_MSC", "BMAC", "AD_SVF"];
    public const string Minimal = "MINIMAL", MoreThanMinimal = "MORE_THAN_MINIMAL";
    public static readonly IReadOnlyList<string> Manipulations = [Minimal, MoreThanMinimal];
    public static readonly IReadOnlyList<string> Routes = ["INTRA_ARTICULAR", "SUBCHONDRAL_INTRAOSSEOUS", "INTRADISCAL", "INTRATHECAL", "INTRALESIONAL", "INTRAVENOUS"];

    /// <summary>Processing steps of a lot (DOMAIN.md 1 step 7).</summary>
    public static readonly IReadOnlyList<string> ProcessingSteps = ["CONCENTRATION", "ISOLATION", "EXPANSION", "PASSAGE", "HARVEST_CELLS", "WASH", "CRYOPRESERVATION", "THAW", "FORMULATION"];

    public static readonly IReadOnlyList<string> QcTests =
    [
        "VIABLE_COUNT", "VIABILITY", "CD73", "CD90", "CD105", "CD45", "CD34", "CD14_OR_CD11B", "CD79A_OR_CD19", "HLA_DR",
        "GRAM_STAIN", "ENDOTOXIN", "MYCOPLASMA", "STERILITY_USP71", "APPEARANCE", "KARYOTYPE", "TRILINEAGE", "PLASTIC_ADHERENCE",
    ];
    /// <summary>Tests whose release rule reads a numeric value; a PASS or FAIL result for them needs the value.</summary>
    public static readonly IReadOnlyList<string> NumericQcTests = ["VIABLE_COUNT", "VIABILITY", "CD73", "CD90", "CD105", "CD45", "CD34", "CD14_OR_CD11B", "CD79A_OR_CD19", "HLA_DR", "ENDOTOXIN"];
    public const string Pass = "PASS", Fail = "FAIL", Pending = "PENDING";
    public static readonly IReadOnlyList<string> QcResults = [Pass, Fail, Pending];
    public const string Sterility = "STERILITY_USP71";

    public const string Released = "RELEASED", ConditionalRelease = "CONDITIONAL_RELEASE", Rejected = "REJECTED", Quarantine = "QUARANTINE";
    public static readonly IReadOnlyList<string> ReleaseStatuses = [Released, ConditionalRelease, Rejected, Quarantine];

    public static readonly IReadOnlyList<string> CustodyEvents =
        ["COLLECTED", "LABELED", "SHIPPED", "RECEIVED", "PROCESSED", "CRYOPRESERVED", "THAWED", "RELEASED", "ISSUED", "ADMINISTERED", "DISCARDED", "RETURNED"];
    /// <summary>Custody events that need two different verifiers (rule I3).</summary>
    public static readonly IReadOnlyList<string> TwoPersonEvents = ["LABELED", "ISSUED"];
    public const string ItemCollection = "COLLECTION", ItemLot = "LOT", ItemDivision = "DIVISION";
    public static readonly IReadOnlyList<string> CustodyItemKinds = [ItemCollection, ItemLot, ItemDivision];

    /// <summary>Donor eligibility (DOMAIN.md 2, Donor).</summary>
    public const string Eligible = "ELIGIBLE", Ineligible = "INELIGIBLE", EligibilityPending = "PENDING";
}

/// <summary>A donor screening result as the eligibility rule reads it.</summary>
public sealed record ScreeningResult(string Marker, string Method, string Result, DateOnly TestedOn);

/// <summary>
/// Donor eligibility derived from screening results: any POS → INELIGIBLE; every required marker with a NEG result
/// (and no POS) → ELIGIBLE; otherwise PENDING (a required marker untested or only INDETERMINATE).
/// </summary>
public static class DonorEligibility
{
    public static string Derive(IReadOnlyList<ScreeningResult> screening, IReadOnlyList<string> requiredMarkers)
    {
        if (screening.Any(s => s.Result == "POS")) return CellLabCodes.Ineligible;
        var negative = screening.Where(s => s.Result == "NEG").Select(s => s.Marker).ToHashSet(StringComparer.Ordinal);
        return requiredMarkers.All(negative.Contains) ? CellLabCodes.Eligible : CellLabCodes.EligibilityPending;
    }
}

/// <summary>Configuration of the cell lab (section <c>CellLab</c>).</summary>
public sealed record CellLabOptions
{
    /// <summary>A fictitious FIN used when none is configured; every DIN and label made with it is flagged TEST.</summary>
    public const string FictitiousFin = "Z9999";

    /// <summary>The ICCBBA Facility Identification Number (<c>CellLab:FacilityIdentificationNumber</c>).</summary>
    public string FacilityIdentificationNumber { get; init; } = FictitiousFin;

    /// <summary>
    /// Markers that must be NEG for an allogeneic donor to be ELIGIBLE (<c>CellLab:RequiredDonorMarkers</c>, comma-separated).
    /// Default HIV-1/2, HBV, HCV, syphilis, HTLV-I/II (DOMAIN.md 1, https://www.hindawi.com/journals/sci/2022/4664917/tab2/).
    /// </summary>
    public IReadOnlyList<string> RequiredDonorMarkers { get; init; } = ["HIV_1_2", "HBV", "HCV", "SYPHILIS", "HTLV_I_II"];

    /// <summary>True when DINs are made with the fictitious FIN (demo and test data).</summary>
    public bool IsTestFacility => FacilityIdentificationNumber == FictitiousFin;
}

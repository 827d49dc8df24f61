using OrthoRegen.Accounts;

namespace OrthoRegen.Evidence;

/// <summary>
/// The demo library: only the published figures quoted in DOMAIN.md section 5, each study labelled with that section as
/// its source and with the source's URL or DOI. Nothing is invented: where the source gives no mean and SD, no arm data
/// are entered and the reported figures are kept verbatim in the notes; where it gives an effect with its 95% CI, that
/// is the study's reported effect. Titles are the source names as DOMAIN.md gives them, not the articles' full titles.
/// Time points the source does not state are left empty.
/// </summary>
public sealed class EvidenceDemoLibrary(EvidenceStore store)
{
    const string Label = "DOMAIN.md §5 (literature values)";

    /// <summary>The demo studies by stable key.</summary>
    public static IReadOnlyList<(string Key, StudyData Data)> Studies { get; } =
    [
        ("lamo-espinosa-2016", new StudyData(
            "Lamo-Espinosa 2016: autologous BM-MSC with HA in knee OA, dose-escalation", "Lamo-Espinosa et al.", 2016, null, null,
            EvidenceCodes.Rct, null, "KNEE_OA", "BM_MSC", "INTRA_ARTICULAR", null, null, 12, Label + ", Lamo-Espinosa 2016",
            "https://medluna.com/article/27565858",
            "30 knee OA patients, HA vs HA + 10×10^6 vs HA + 100×10^6 autologous BM-MSC, 12 months. VAS median 5→4 / 7→2 / 6→2; high dose WOMAC −16.5 at 12 months; no adverse events. Medians only: no arm data for pooling.",
            [new StudyArm("HA", EvidenceCodes.Control, null, null, null),
             new StudyArm("HA + 10×10^6 BM-MSC", EvidenceCodes.Treatment, null, "BM_MSC", 10),
             new StudyArm("HA + 100×10^6 BM-MSC", EvidenceCodes.Treatment, null, "BM_MSC", 100)], [], [])),
        ("jo-2014", new StudyData(
            "Jo 2014: AD-MSC dose finding in knee OA", "Jo et al.", 2014, null, null, EvidenceCodes.NonRandomised, null, "KNEE_OA",
            "AD_MSC", "INTRA_ARTICULAR", null, null, null, Label + ", Jo 2014 / Pers 2016",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7384917/table/t2-yujm-2020-00157",
            "Dose-finding cohorts 1×10^7 / 5×10^7 / 1×10^8 cells (n 3/3/12).",
            [new StudyArm("1×10^7 cells", EvidenceCodes.Treatment, 3, "AD_MSC", 10),
             new StudyArm("5×10^7 cells", EvidenceCodes.Treatment, 3, "AD_MSC", 50),
             new StudyArm("1×10^8 cells", EvidenceCodes.Treatment, 12, "AD_MSC", 100)], [], [])),
        ("pers-2016", new StudyData(
            "Pers 2016: AD-MSC dose finding in knee OA", "Pers et al.", 2016, null, null, EvidenceCodes.NonRandomised, null, "KNEE_OA",
            "AD_MSC", "INTRA_ARTICULAR", null, null, null, Label + ", Jo 2014 / Pers 2016",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7384917/table/t2-yujm-2020-00157",
            "Dose-finding cohorts 2×10^6 / 1×10^7 / 5×10^7 cells (n 6/6/6).",
            [new StudyArm("2×10^6 cells", EvidenceCodes.Treatment, 6, "AD_MSC", 2),
             new StudyArm("1×10^7 cells", EvidenceCodes.Treatment, 6, "AD_MSC", 10),
             new StudyArm("5×10^7 cells", EvidenceCodes.Treatment, 6, "AD_MSC", 50)], [], [])),
        ("bone-joint-res-2020", new StudyData(
            "Bone Joint Res 2020: meta-analysis of MSC injection for knee OA (7 RCTs, 256 patients)", null, 2020, null, null,
            EvidenceCodes.MetaAnalysis, null, "KNEE_OA", null, "INTRA_ARTICULAR", null, null, null, Label + ", Bone Joint Res 2020",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7640936",
            "VAS MD −13.24 (−23.28 to −3.20); WOMAC MD −7.22 (no interval quoted); <30×10^6 cells and AD/UC sources had lower p-values.",
            [], [], [new ReportedEffect("PAIN_VAS", "vas_mm", null, "MD", -13.24, -23.28, -3.20, 256)])),
        ("ma-2020", new StudyData(
            "Ma 2020: meta-analysis of MSC for knee OA (10 RCTs, 335 patients)", "Ma et al.", 2020, null, null,
            EvidenceCodes.MetaAnalysis, null, "KNEE_OA", null, "INTRA_ARTICULAR", null, null, null, Label + ", Ma 2020",
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC7717742",
            "VAS MD −19.24 (−26.31 to −12.18); WOMAC total SMD −0.66 (no interval quoted); WORMS no significant difference.",
            [], [], [new ReportedEffect("PAIN_VAS", "vas_mm", null, "MD", -19.24, -26.31, -12.18, 335)])),
        ("hernigou-2020", new StudyData(
            "Hernigou 2020: subchondral vs intra-articular BMC in the same patients' knees", "Hernigou et al.", 2020, null, null,
            EvidenceCodes.Rct, null, "KNEE_OA", "BMAC", "SUBCHONDRAL_INTRAOSSEOUS", null, null, null, Label + ", Hernigou 2020",
            "https://www.scribd.com/document/638031272/Int-Orthopaedics-SICOT-BMC-for-OA",
            "60 patients / 120 knees, 40 mL BMC (mean 5,727 CFU-F/mL) split subchondral vs intra-articular; mean follow-up 15 years; subchondral side better at 2 years; TKA counts not retrievable (DOMAIN.md §7).",
            [new StudyArm("Subchondral BMC", EvidenceCodes.Treatment, 60, "BMAC", null),
             new StudyArm("Intra-articular BMC", EvidenceCodes.Control, 60, "BMAC", null)], [], [])),
        ("nallakumarasamy-review", new StudyData(
            "Nallakumarasamy et al.: subchondral vs intra-articular BMAC review", "Nallakumarasamy et al.", 2025, "10.4252/wjsc.v17.i12.112778", null,
            EvidenceCodes.MetaAnalysis, null, "KNEE_OA", "BMAC", "SUBCHONDRAL_INTRAOSSEOUS", null, null, null, Label + ", [S004]",
            null,
            "RCTs + cohorts: subchondral > intra-articular for pain and function (gain within 1 year, kept at 2 years); BML volume regression; ~80% of subchondral-BMAC knees free of TKA up to 13 years. Year from the DOI's journal volume (WJSC vol. 17).",
            [], [], [])),
        ("shang-2023-umbrella", new StudyData(
            "Shang 2023 umbrella review: adverse events after MSC injection (50 studies)", "Shang et al.", 2023, null, null,
            EvidenceCodes.MetaAnalysis, null, "KNEE_OA", null, "INTRA_ARTICULAR", null, null, null, Label + ", Shang 2023 umbrella",
            "https://ouci.dntb.gov.ua/works/9jAedaNl/",
            "Knee pain 24.5%, effusion 12.5%, swelling 11.9% after MSC injection.",
            [], [], [])),
    ];

    /// <summary>Stores every demo study that is not stored yet (by key); returns how many were added. Idempotent.</summary>
    public async Task<int> LoadAsync(Actor actor, CancellationToken ct)
    {
        var added = 0;
        foreach (var (key, data) in Studies)
            if (await store.EnsureDemoAsync(actor, key, data, ct)) added++;
        return added;
    }
}

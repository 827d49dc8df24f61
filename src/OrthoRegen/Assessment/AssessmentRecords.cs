using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrthoRegen.Assessment;

/// <summary>
/// One consultation assessment of one target, recorded together with its imaging reads and the patient's prior
/// conservative treatments (all written in one transaction). Flags are the candidacy inputs of DOMAIN.md 3.1.
/// </summary>
public sealed record RecordAssessment
{
    public string? Indication { get; init; }
    public string? Target { get; init; }
    public string? AssessedOn { get; init; }
    /// <summary>Months since symptoms began, 0–600.</summary>
    public int? SymptomDurationMonths { get; init; }
    /// <summary>Pain now, NRS 0–10.</summary>
    public int? PainNrs { get; init; }
    public bool ActiveInfection { get; init; }
    public bool ImmuneDiseaseActive { get; init; }
    public bool Immunodeficiency { get; init; }
    public bool MalignancyActiveOrRecent { get; init; }
    public bool PregnantOrLactating { get; init; }
    public bool AnticoagulantOrCoagulopathy { get; init; }
    /// <summary>HbA1c in percent (NGSP), 3–20; optional.</summary>
    public double? Hba1cPct { get; init; }
    public bool CanAttendFollowUp24m { get; init; } = true;
    public bool PoorRehabAdherence { get; init; }
    /// <summary>AUTOLOGOUS or ALLOGENEIC when a product is already in view; optional.</summary>
    public string? PlannedOrigin { get; init; }
    /// <summary>For an allogeneic product: the donor's eligibility (ELIGIBLE, INELIGIBLE, PENDING).</summary>
    public string? DonorEligibility { get; init; }
    public string? Notes { get; init; }
    public IReadOnlyList<ImagingReadInput>? Imaging { get; init; }
    public IReadOnlyList<ConservativeTreatmentInput>? ConservativeTreatments { get; init; }
    public IReadOnlyList<BiomarkerInput>? Biomarkers { get; init; }
}

/// <summary>One imaging read of the assessed target (per joint, or per disc level).</summary>
public sealed record ImagingReadInput
{
    public string? Modality { get; init; }
    public string? ReadOn { get; init; }
    public string? Reader { get; init; }
    /// <summary>Spinal level such as L4-5; required for disc reads.</summary>
    public string? Level { get; init; }
    public double? FieldStrengthT { get; init; }
    public int? KlGrade { get; init; }
    public bool? BoneOnBone { get; init; }
    public bool? Deformity { get; init; }
    public string? ScoringSystem { get; init; }
    /// <summary>MOAKS or WORMS subregion grades as a JSON object of subregion → object of integer grades.</summary>
    public JsonElement? Semiquantitative { get; init; }
    public double? CartilageMftcMm { get; init; }
    public double? CartilageLftcMm { get; init; }
    public double? CartilagePfjMm { get; init; }
    public double? T2MapMs { get; init; }
    public string? AvnStage { get; init; }
    public int? Pfirrmann { get; init; }
    public string? ModicUpper { get; init; }
    public string? ModicLower { get; init; }
    public double? DiscHeightMm { get; init; }
    public double? DiscT2SiRatio { get; init; }
    public string? AisGrade { get; init; }
    public string? NeurologicalLevel { get; init; }
    public int? Uems { get; init; }
    public int? Lems { get; init; }
    public int? LightTouch { get; init; }
    public int? PinPrick { get; init; }
}

/// <summary>A prior conservative treatment and how the patient responded.</summary>
public sealed record ConservativeTreatmentInput
{
    public string? Type { get; init; }
    /// <summary>The treated target, or SYSTEMIC; defaults to the assessment's target.</summary>
    public string? Target { get; init; }
    public string? StartedOn { get; init; }
    public string? EndedOn { get; init; }
    public string? Response { get; init; }
    /// <summary>Date of the most recent intra-articular injection (IA steroid or HA).</summary>
    public string? LastIaInjectionOn { get; init; }
}

/// <summary>A biomarker result in pg/mL.</summary>
public sealed record BiomarkerInput
{
    public string? Analyte { get; init; }
    public string? Specimen { get; init; }
    public double? Value { get; init; }
    public string? Assay { get; init; }
    public double? Lloq { get; init; }
    public string? SampledOn { get; init; }
}

// ---- validated forms, ready to store -------------------------------------------------------------------------------

public sealed record AssessmentData(
    string Indication, string Target, DateOnly AssessedOn, int SymptomDurationMonths, int? PainNrs,
    bool ActiveInfection, bool ImmuneDiseaseActive, bool Immunodeficiency, bool MalignancyActiveOrRecent,
    bool PregnantOrLactating, bool AnticoagulantOrCoagulopathy, double? Hba1cPct, bool CanAttendFollowUp24m,
    bool PoorRehabAdherence, string? PlannedOrigin, string? DonorEligibility, string? Notes);

public sealed record ImagingReadData(
    string Target, string? Level, string Modality, DateOnly ReadOn, string Reader, double? FieldStrengthT,
    int? KlGrade, bool? BoneOnBone, bool? Deformity, string? ScoringSystem, string? Semiquantitative,
    double? CartilageMftcMm, double? CartilageLftcMm, double? CartilagePfjMm, double? T2MapMs, string? AvnStage,
    int? Pfirrmann, string? ModicUpper, string? ModicLower, double? DiscHeightMm, double? DiscT2SiRatio,
    string? AisGrade, string? NeurologicalLevel, int? Uems, int? Lems, int? LightTouch, int? PinPrick);

public sealed record ConservativeTreatmentData(
    string Target, string Type, DateOnly? StartedOn, DateOnly? EndedOn, string Response, DateOnly? LastIaInjectionOn);

public sealed record BiomarkerData(string Analyte, string Specimen, double Value, string? Assay, double? Lloq, DateOnly SampledOn);

public sealed record ValidAssessment(
    AssessmentData Assessment, IReadOnlyList<ImagingReadData> Imaging,
    IReadOnlyList<ConservativeTreatmentData> Treatments, IReadOnlyList<BiomarkerData> Biomarkers);

/// <summary>Pure validation of an assessment with its imaging, treatments and biomarkers. Field names are JSON paths.</summary>
public static partial class AssessmentValidation
{
    public static (ValidAssessment? Value, FieldErrors Errors) Validate(RecordAssessment r, DateOnly today)
    {
        var e = new FieldErrors();
        var earliest = new DateOnly(1900, 1, 1);
        var indication = e.OneOf("indication", r.Indication, AssessmentCodes.Indications);
        var target = e.OneOf("target", r.Target, AssessmentCodes.Targets);
        if (indication is not null && target is not null && !AssessmentCodes.TargetFits(indication, target))
            e.Add("target", $"{target} is not a target for {indication}.");
        var on = e.Date("assessedOn", r.AssessedOn, required: true, earliest, today);
        var duration = e.Integer("symptomDurationMonths", r.SymptomDurationMonths, 0, 600, required: true);
        var pain = e.Integer("painNrs", r.PainNrs, 0, 10, required: false);
        var hba1c = e.Number("hba1cPct", r.Hba1cPct, 3, 20, required: false, "%");
        var origin = e.OneOf("plannedOrigin", r.PlannedOrigin, AssessmentCodes.Origins, required: false);
        var donor = e.OneOf("donorEligibility", r.DonorEligibility, AssessmentCodes.DonorEligibilities, required: false);
        if (donor is not null && origin != "ALLOGENEIC") e.Add("donorEligibility", "Only for an allogeneic planned origin.");
        var notes = e.Optional("notes", r.Notes, 4000);

        var imaging = new List<ImagingReadData>();
        var reads = r.Imaging ?? [];
        if (reads.Count > 20) e.Add("imaging", "At most 20 imaging reads per assessment.");
        for (var i = 0; i < Math.Min(reads.Count, 20); i++)
        {
            var x = ValidateRead(e, $"imaging[{i}]", reads[i], indication, target ?? "", today);
            if (x is not null) imaging.Add(x);
        }

        var treatments = new List<ConservativeTreatmentData>();
        var tr = r.ConservativeTreatments ?? [];
        if (tr.Count > 30) e.Add("conservativeTreatments", "At most 30 treatments per assessment.");
        for (var i = 0; i < Math.Min(tr.Count, 30); i++)
        {
            var x = ValidateTreatment(e, $"conservativeTreatments[{i}]", tr[i], target, today);
            if (x is not null) treatments.Add(x);
        }

        var biomarkers = new List<BiomarkerData>();
        var bm = r.Biomarkers ?? [];
        if (bm.Count > 30) e.Add("biomarkers", "At most 30 biomarker results per assessment.");
        for (var i = 0; i < Math.Min(bm.Count, 30); i++)
        {
            var x = ValidateBiomarker(e, $"biomarkers[{i}]", bm[i], today);
            if (x is not null) biomarkers.Add(x);
        }

        if (!e.IsEmpty) return (null, e);
        var data = new AssessmentData(indication!, target!, on!.Value, duration!.Value, pain, r.ActiveInfection,
            r.ImmuneDiseaseActive, r.Immunodeficiency, r.MalignancyActiveOrRecent, r.PregnantOrLactating,
            r.AnticoagulantOrCoagulopathy, hba1c, r.CanAttendFollowUp24m, r.PoorRehabAdherence, origin, donor, notes);
        return (new ValidAssessment(data, imaging, treatments, biomarkers), e);
    }

    /// <summary>
    /// One biomarker result (pg/mL) with messages under <paramref name="p"/> (a JSON path such as <c>biomarkers[0]</c>);
    /// null when invalid. Shared with the follow-up visit record.
    /// </summary>
    public static BiomarkerData? ValidateBiomarker(FieldErrors e, string p, BiomarkerInput? b, DateOnly today)
    {
        b ??= new BiomarkerInput();
        var analyte = e.OneOf(p + ".analyte", b.Analyte, AssessmentCodes.Analytes);
        var specimen = e.OneOf(p + ".specimen", b.Specimen, AssessmentCodes.Specimens);
        var value = e.Number(p + ".value", b.Value, 0, 1e7, required: true, "pg/mL");
        var lloq = e.Number(p + ".lloq", b.Lloq, 0, 1e7, required: false, "pg/mL");
        var assay = e.Optional(p + ".assay", b.Assay, 100);
        var sampled = e.Date(p + ".sampledOn", b.SampledOn, required: true, new DateOnly(1900, 1, 1), today);
        if (analyte is null || specimen is null || value is null || sampled is null) return null;
        return new BiomarkerData(analyte, specimen, value.Value, assay, lloq, sampled.Value);
    }

    /// <summary>
    /// One imaging read of <paramref name="target"/> with messages under <paramref name="p"/> (e.g. <c>imaging[0]</c>);
    /// null when invalid. <paramref name="indication"/> null skips the indication-specific checks. Shared with the
    /// follow-up visit record.
    /// </summary>
    public static ImagingReadData? ValidateRead(FieldErrors e, string p, ImagingReadInput? x, string? indication, string target, DateOnly today)
    {
        x ??= new ImagingReadInput();
        var before = e.ToDictionary().Count;
        var modality = e.OneOf(p + ".modality", x.Modality, AssessmentCodes.Modalities);
        var readOn = e.Date(p + ".readOn", x.ReadOn, required: true, new DateOnly(1900, 1, 1), today);
        var reader = e.Required(p + ".reader", x.Reader, 100);
        var level = e.Pattern(p + ".level", x.Level, SpinalLevel(), "a spinal level such as L4-5 or C5", required: false);
        var field = e.Number(p + ".fieldStrengthT", x.FieldStrengthT, 0.1, 11.7, required: false, "T");
        var kl = e.Integer(p + ".klGrade", x.KlGrade, 0, 4, required: false);
        var scoring = e.OneOf(p + ".scoringSystem", x.ScoringSystem, AssessmentCodes.ScoringSystems, required: false);
        string? semi = null;
        if (x.Semiquantitative is { } sq && sq.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
        {
            if (scoring is null) e.Add(p + ".scoringSystem", "Required with semiquantitative grades (MOAKS or WORMS; never mixed).");
            semi = ValidateSemiquantitative(e, p + ".semiquantitative", sq, scoring);
        }
        var mftc = e.Number(p + ".cartilageMftcMm", x.CartilageMftcMm, 0, 10, required: false, "mm");
        var lftc = e.Number(p + ".cartilageLftcMm", x.CartilageLftcMm, 0, 10, required: false, "mm");
        var pfj = e.Number(p + ".cartilagePfjMm", x.CartilagePfjMm, 0, 10, required: false, "mm");
        var t2 = e.Number(p + ".t2MapMs", x.T2MapMs, 0, 200, required: false, "ms");
        var avn = e.OneOf(p + ".avnStage", x.AvnStage, AssessmentCodes.AvnStages, required: false);
        var pfirrmann = e.Integer(p + ".pfirrmann", x.Pfirrmann, 1, 5, required: false);
        var mu = e.OneOf(p + ".modicUpper", x.ModicUpper, AssessmentCodes.ModicTypes, required: false);
        var ml = e.OneOf(p + ".modicLower", x.ModicLower, AssessmentCodes.ModicTypes, required: false);
        var dh = e.Number(p + ".discHeightMm", x.DiscHeightMm, 0, 25, required: false, "mm");
        var dsi = e.Number(p + ".discT2SiRatio", x.DiscT2SiRatio, 0, 5, required: false);
        var ais = e.OneOf(p + ".aisGrade", x.AisGrade, AssessmentCodes.AisGrades, required: false);
        var nli = e.Pattern(p + ".neurologicalLevel", x.NeurologicalLevel, NeuroLevel(), "a neurological level such as C5, T10, L2 or S4-5", required: false);
        var uems = e.Integer(p + ".uems", x.Uems, 0, 50, required: false);
        var lems = e.Integer(p + ".lems", x.Lems, 0, 50, required: false);
        var lt = e.Integer(p + ".lightTouch", x.LightTouch, 0, 112, required: false);
        var pp = e.Integer(p + ".pinPrick", x.PinPrick, 0, 112, required: false);

        if (kl is not null && modality is not null && modality != "XRAY") e.Add(p + ".klGrade", "Kellgren-Lawrence grade is read on a radiograph (modality XRAY).");
        if (avn is not null && indication is not null && indication != AssessmentCodes.HipOa) e.Add(p + ".avnStage", "ARCO stage applies to the hip.");
        if ((pfirrmann is not null || mu is not null || ml is not null || dh is not null || dsi is not null) && level is null)
            e.Add(p + ".level", "Required for a disc read (e.g. L4-5).");
        if (e.ToDictionary().Count != before) return null;
        return new ImagingReadData(target, level, modality!, readOn!.Value, reader!, field, kl, x.BoneOnBone, x.Deformity,
            scoring, semi, mftc, lftc, pfj, t2, avn, pfirrmann, mu, ml, dh, dsi, ais, nli, uems, lems, lt, pp);
    }

    /// <summary>
    /// MOAKS/WORMS grades: an object of subregion codes (letters, up to 10) to objects of item → grade. MOAKS grades are
    /// integers 0–3 (or counts for <c>bml_count</c>); WORMS cartilage allows 0, 1, 2, 2.5, 3, 4, 5, 6.
    /// </summary>
    static string? ValidateSemiquantitative(FieldErrors e, string p, JsonElement sq, string? system)
    {
        if (sq.ValueKind != JsonValueKind.Object) { e.Add(p, "Must be an object of subregion → grades."); return null; }
        var count = 0;
        foreach (var region in sq.EnumerateObject())
        {
            if (++count > 20) { e.Add(p, "At most 20 subregions."); return null; }
            if (!Subregion().IsMatch(region.Name)) { e.Add($"{p}.{region.Name}", "Subregion codes are 1–10 letters or digits."); continue; }
            if (region.Value.ValueKind != JsonValueKind.Object) { e.Add($"{p}.{region.Name}", "Must be an object of item → grade."); continue; }
            foreach (var item in region.Value.EnumerateObject())
            {
                var path = $"{p}.{region.Name}.{item.Name}";
                if (!Item().IsMatch(item.Name)) { e.Add(path, "Unknown grade item."); continue; }
                if (item.Value.ValueKind != JsonValueKind.Number || !item.Value.TryGetDouble(out var g)) { e.Add(path, "Must be a number."); continue; }
                var ok = item.Name == "bml_count" ? g is >= 0 and <= 20 && g == Math.Floor(g)
                    : system == "WORMS" && IsWormsCartilage(item.Name) ? g is 0 or 1 or 2 or 2.5 or 3 or 4 or 5 or 6
                    : g is 0 or 1 or 2 or 3;
                if (!ok) e.Add(path, system == "WORMS" && IsWormsCartilage(item.Name)
                    ? "WORMS cartilage grade must be 0, 1, 2, 2.5, 3, 4, 5 or 6." : "Grade must be 0–3.");
            }
        }
        return sq.GetRawText();
    }

    static bool IsWormsCartilage(string item) => item is "worms_cartilage" or "cartilage";

    static ConservativeTreatmentData? ValidateTreatment(FieldErrors e, string p, ConservativeTreatmentInput? x, string? target, DateOnly today)
    {
        x ??= new ConservativeTreatmentInput();
        var before = e.ToDictionary().Count;
        var type = e.OneOf(p + ".type", x.Type, AssessmentCodes.ConservativeTypes);
        var t = string.IsNullOrWhiteSpace(x.Target) ? target : e.OneOf(p + ".target", x.Target, AssessmentCodes.TreatmentTargets);
        var start = e.Date(p + ".startedOn", x.StartedOn, required: false, new DateOnly(1900, 1, 1), today);
        var end = e.Date(p + ".endedOn", x.EndedOn, required: false, new DateOnly(1900, 1, 1), today);
        if (start is not null && end is not null && end < start) e.Add(p + ".endedOn", "Must not be before startedOn.");
        var response = e.OneOf(p + ".response", x.Response, AssessmentCodes.Responses);
        var lastIa = e.Date(p + ".lastIaInjectionOn", x.LastIaInjectionOn, required: false, new DateOnly(1900, 1, 1), today);
        if (lastIa is not null && type is not null && !AssessmentCodes.IntraArticularTypes.Contains(type))
            e.Add(p + ".lastIaInjectionOn", "Only for intra-articular treatments (IA_CORTICOSTEROID, IA_HA).");
        if (e.ToDictionary().Count != before || t is null) return null;
        return new ConservativeTreatmentData(t, type!, start, end, response!, lastIa);
    }

    [GeneratedRegex(@"^(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5])(-(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5]|[1-9]|1[0-2]))?$")] private static partial Regex SpinalLevel();
    [GeneratedRegex(@"^(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-3]|S4-5|INT)$")] private static partial Regex NeuroLevel();
    [GeneratedRegex(@"^[A-Za-z0-9]{1,10}$")] private static partial Regex Subregion();
    [GeneratedRegex(@"^(bml_size|bml_count|bml_vs_cyst_pct_grade|cart_area_grade|cart_full_thickness_grade|worms_cartilage|worms_bml|cartilage|bml)$")] private static partial Regex Item();
}

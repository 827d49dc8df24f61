using OrthoRegen.Assessment;
using OrthoRegen.Treatment;

namespace OrthoRegen.Demo;

/// <summary>
/// The simulator's outcome model, from DOMAIN.md section 5 (literature values, [DESIGN] simulator defaults). Health is
/// a latent level in [0, 1] (1 = best) that the questionnaires are answered from, item by item.
/// <list type="bullet">
/// <item>Baseline around 0.42 (moderate symptoms), patient-level spread 0.10.</item>
/// <item>Gain after treatment: knee 0.17 in KL 2–3, 0.12 in KL 1, 0.05 in KL 4 (better in KL I–III [S000]); hip 0.7× knee;
/// disc 0.12; SCI 0.05. Subchondral BMAC +0.05 over intra-articular ([S004]); dose (HIGH +0.01, LOW −0.01) and source
/// (adipose and umbilical cord +0.01) effects are small, under a patient-level noise of 0.07 ([S001], Bone Joint Res 2020).</item>
/// <item>Time course: logistic onset centred at 2.5 months (visible at month 3, [S001]), plateau to 12 months (hip 9),
/// then waning to 40% of the gain by 24 months (hip 18) [S000].</item>
/// <item>Endpoint hazard (joint replacement, spine surgery) per year: knee subchondral BMAC 0.019 × KL factor (≈80%
/// replacement-free at 13 years, [S004]), knee intra-articular 0.034 × KL factor; KL factor 0.7 (KL ≤ 2), 1 (KL 3),
/// 1.8 (KL 4). Hip 0.04, disc 0.03, SCI none.</item>
/// </list>
/// </summary>
public sealed class DemoOutcomeModel
{
    readonly string _indication;
    readonly int? _kl;
    readonly double _baseline;
    double _gain;
    double _hazard;

    public DemoOutcomeModel(string indication, int? kl, DemoRandom r)
    {
        _indication = indication;
        _kl = kl;
        _baseline = Math.Clamp(r.Normal(indication == AssessmentCodes.Sci ? 0.5 : 0.42, 0.10), 0.08, 0.85);
    }

    /// <summary>Fixes the patient's gain and endpoint hazard from the plan that was given.</summary>
    public void Treated(ValidPlan plan, DemoRandom r)
    {
        var klGain = _kl switch { 4 => 0.05, 1 => 0.12, _ => 0.17 };
        var gain = _indication switch
        {
            AssessmentCodes.KneeOa => klGain,
            AssessmentCodes.HipOa => 0.7 * klGain,
            AssessmentCodes.DiscDegeneration => 0.12,
            _ => 0.05,
        };
        var subchondral = plan.Route == "SUBCHONDRAL_INTRAOSSEOUS";
        if (subchondral) gain += 0.05;
        gain += plan.DoseTier switch { TreatmentCodes.High => 0.01, TreatmentCodes.Low => -0.01, _ => 0 };
        if (plan.CellSource is TreatmentCodes.AdMsc or TreatmentCodes.AdSvf or TreatmentCodes.UcMsc) gain += 0.01; // [S001] UC and AD best for pain
        _gain = gain + r.Normal(0, 0.07);
        var klFactor = _kl switch { 4 => 1.8, 3 => 1.0, _ => 0.7 };
        _hazard = _indication switch
        {
            AssessmentCodes.KneeOa => (subchondral ? 0.019 : 0.034) * klFactor,
            AssessmentCodes.HipOa => 0.04,
            AssessmentCodes.DiscDegeneration => 0.03,
            _ => 0,
        };
    }

    /// <summary>Fraction of the gain present <paramref name="months"/> after Day 0.</summary>
    public double TimeCourse(double months)
    {
        if (months <= 0) return 0;
        var onset = 1 / (1 + Math.Exp(-(months - 2.5) / 0.6));
        var (plateauEnd, waneEnd) = _indication == AssessmentCodes.HipOa ? (9.0, 18.0) : (12.0, 24.0);
        var wane = months <= plateauEnd ? 1 : 1 - 0.6 * Math.Min(1, (months - plateauEnd) / (waneEnd - plateauEnd));
        return onset * wane;
    }

    /// <summary>Health at a visit <paramref name="months"/> after Day 0 (0 = baseline), with visit-level noise.</summary>
    public double Health(double months, DemoRandom r) =>
        Math.Clamp(_baseline + _gain * TimeCourse(months) + r.Normal(0, 0.04), 0, 1);

    /// <summary>Years from Day 0 to the endpoint event (infinity when the indication has none).</summary>
    public double YearsToEndpoint(DemoRandom r) => _hazard <= 0 ? double.PositiveInfinity : r.Exponential(_hazard);
}

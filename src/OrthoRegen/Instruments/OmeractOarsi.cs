using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// The cut-offs of the OMERACT-OARSI responder set (Pham 2004, OMERACT 6 "scenario D"; cross-checked: confirm the
/// numbers against Pham et al., Osteoarthritis Cartilage 2004;12:389-399 before release). All bounds inclusive;
/// improvements on 0–100 scales where higher = worse.
/// </summary>
/// <param name="HighRelativePercent">Criterion 1, relative improvement in pain or function (default 50 %).</param>
/// <param name="HighAbsolute">Criterion 1, absolute improvement (default 20 points).</param>
/// <param name="ModerateRelativePercent">Criterion 2, relative improvement per domain (default 20 %).</param>
/// <param name="ModerateAbsolute">Criterion 2, absolute improvement per domain (default 10 points).</param>
/// <param name="ModerateDomainsNeeded">Criterion 2, domains of pain, function and global that must improve (default 2).</param>
public sealed record OarsiCriteria(
    decimal HighRelativePercent, decimal HighAbsolute, decimal ModerateRelativePercent, decimal ModerateAbsolute, int ModerateDomainsNeeded, string Source)
{
    public static readonly OarsiCriteria Default = new(50m, 20m, 20m, 10m, 2,
        "Pham T et al. 2004 OMERACT-OARSI set (scenario D); cross-checked, INSTRUMENTS.md §10");
}

/// <summary>
/// OMERACT-OARSI responder (INSTRUMENTS.md §10). Inputs: pain, function and patient global, each 0–100 (higher = worse),
/// at baseline and follow-up. A responder has (1) a high improvement in pain <em>or</em> function (≥ 50 % and ≥ 20
/// points), or (2) an improvement of ≥ 20 % and ≥ 10 points in at least two of pain, function and global.
/// Conventions: relative change is undefined when the baseline is 0 (that criterion is not met); a missing global
/// counts as "not improved"; missing pain or function (either time point) makes the responder status undeterminable
/// (null, with the reason). Scores are the improvements (baseline − follow-up, positive = better) and their percent of
/// baseline (null when the baseline is 0).
/// </summary>
public static class OmeractOarsi
{
    public const string Code = "OMERACT_OARSI";

    static readonly string[] Domains = ["pain", "function", "global"];

    static readonly AnswerScale.Quantity Scale = new(0m, 100m, "points (0-100, higher = worse)");

    static readonly LocalizedText[] DomainLabels =
    [
        L("Pain", "통증", "疼痛"), L("Function", "기능", "功能"), L("Patient global assessment", "환자 전반 평가", "患者总体评估"),
    ];

    public static readonly InstrumentDefinition Definition = Define();

    public static readonly Instrument Instrument = Create(OarsiCriteria.Default);

    /// <summary>The instrument with other cut-offs (e.g. once Pham 2004 is confirmed, or a study's own set).</summary>
    public static Instrument Create(OarsiCriteria criteria) => new(Definition, input => Score(input, criteria));

    static InstrumentDefinition Define()
    {
        var items = new List<ItemDefinition>();
        var scores = new List<ScoreDefinition>();
        for (var i = 0; i < Domains.Length; i++)
        {
            var (d, label) = (Domains[i], DomainLabels[i]);
            items.Add(new ItemDefinition($"{d}_baseline", L($"{label.En} at baseline (0-100)", $"기준 시점 {label.Ko} (0-100)", $"基线{label.Zh}（0-100）"), Scale));
            items.Add(new ItemDefinition($"{d}_followup", L($"{label.En} at follow-up (0-100)", $"추적 시점 {label.Ko} (0-100)", $"随访{label.Zh}（0-100）"), Scale));
            scores.Add(new ScoreDefinition($"{d}_improvement", L($"{label.En} improvement", $"{label.Ko} 호전", $"{label.Zh}改善"),
                Direction.HigherIsBetter, -100m, 100m, "points", [$"{d}_baseline", $"{d}_followup"]));
            scores.Add(new ScoreDefinition($"{d}_improvement_pct", L($"{label.En} improvement (% of baseline)", $"{label.Ko} 호전 (기준 대비 %)", $"{label.Zh}改善（占基线%）"),
                Direction.HigherIsBetter, -9900m, 100m, "%", [$"{d}_baseline", $"{d}_followup"]));
        }
        return new InstrumentDefinition(Code, "2004",
            L("OMERACT-OARSI responder", "OMERACT-OARSI 반응자", "OMERACT-OARSI 应答者"),
            "Pham T et al. Osteoarthritis Cartilage 2004;12:389-399 (scenario D); cross-checked",
            [new ItemSection("oarsi", L("Pain, function and patient global", "통증, 기능, 환자 전반 평가", "疼痛、功能与患者总体评估"), items)],
            scores, [], [], []);
    }

    static ScoreSheet Score(ScoringInput input, OarsiCriteria c)
    {
        var scores = new List<ComputedScore>();
        var high = 0;
        var moderate = 0;
        string? missing = null;
        foreach (var d in Domains)
        {
            var (baseline, followup) = (input.Number($"{d}_baseline"), input.Number($"{d}_followup"));
            var answered = (baseline is null ? 0 : 1) + (followup is null ? 0 : 1);
            if (baseline is not { } b || followup is not { } f)
            {
                scores.Add(ComputedScore.Invalid($"{d}_improvement", answered, InstrumentMessages.BaselineMissing));
                scores.Add(ComputedScore.Invalid($"{d}_improvement_pct", answered, InstrumentMessages.BaselineMissing));
                if (d != "global") missing ??= d;
                continue;
            }
            var improvement = b - f;
            decimal? relative = b == 0m ? null : improvement * 100m / b;
            scores.Add(new ComputedScore($"{d}_improvement", improvement, 2));
            scores.Add(relative is null
                ? ComputedScore.Invalid($"{d}_improvement_pct", 2, InstrumentMessages.RelativeUndefined)
                : new ComputedScore($"{d}_improvement_pct", relative, 2));
            if (relative is not { } r) continue;
            if (d != "global" && r >= c.HighRelativePercent && improvement >= c.HighAbsolute) high++;
            if (r >= c.ModerateRelativePercent && improvement >= c.ModerateAbsolute) moderate++;
        }
        if (missing is not null) return new ScoreSheet(scores, null, InstrumentMessages.ResponderUndetermined(missing));
        var responder = high > 0 || moderate >= c.ModerateDomainsNeeded;
        return new ScoreSheet(scores, responder, InstrumentMessages.ResponderReason(high > 0, moderate, c.ModerateDomainsNeeded));
    }
}

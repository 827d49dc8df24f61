using System.Globalization;
using Microsoft.Extensions.Localization;
using OrthoRegen.Instruments;
using OrthoRegen.Portal;

namespace OrthoRegen.Web.Portal;

/// <summary>The patient-facing wording of the portal's item messages and result sentences (UI strings Po*).</summary>
public static class PortalText
{
    /// <summary>The message on an item: "please answer" when empty, else what is allowed (a range for a number).</summary>
    public static string ItemProblem(IStringLocalizer<Ui> l, ItemDefinition item, string? posted) =>
        string.IsNullOrWhiteSpace(posted) ? l["PoUnanswered"]
        : item.Scale is AnswerScale.Quantity q
            ? string.Format(CultureInfo.CurrentCulture, l["PoOutOfRange"], PortalInstruments.Value(q.Min), PortalInstruments.Value(q.Max), q.Unit)
            : l["PoChooseOne"];

    /// <summary>The message on an item at submission, from Core's message for that item.</summary>
    public static string SubmitProblem(IStringLocalizer<Ui> l, ItemDefinition item, string coreMessage) =>
        coreMessage == PortalMessages.Unanswered ? l["PoUnanswered"] : ItemProblem(l, item, "x");

    static string N(decimal? v) => v is { } x ? ScoreMath.Round4(x).ToString("0.#", CultureInfo.InvariantCulture) : "–";

    /// <summary>One plain-language sentence on a follow-up score compared with baseline, direction-aware.</summary>
    public static string Change(IStringLocalizer<Ui> l, ScoreChange c, string scoreLabel)
    {
        var head = string.Format(CultureInfo.CurrentCulture, l["PoResFromTo"], scoreLabel, N(c.Baseline), N(c.Followup));
        if (c.Improvement is not { } imp) return head + " " + l["PoResMissing"];
        var direction = imp > 0 ? string.Format(CultureInfo.CurrentCulture, l["PoResBetter"], N(imp))
            : imp < 0 ? string.Format(CultureInfo.CurrentCulture, l["PoResWorse"], N(-imp))
            : l["PoResSame"].Value;
        string mic;
        if (c.Threshold is not { } t) mic = l["PoResNoMic"];
        else
        {
            var size = t.Absolute is { } abs ? string.Format(CultureInfo.CurrentCulture, l["PoResPoints"], N(abs))
                : string.Format(CultureInfo.CurrentCulture, l["PoResPercent"], N(t.RelativePercent));
            mic = string.Format(CultureInfo.CurrentCulture, c.ThresholdMet == true ? l["PoResMicMet"] : l["PoResMicNotMet"], size);
        }
        return $"{head} {direction} {mic}";
    }
}

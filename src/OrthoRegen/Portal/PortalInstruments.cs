using System.Globalization;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;

namespace OrthoRegen.Portal;

/// <summary>
/// Which patient-reported instruments a follow-up visit asks for, and how their items read in the patient's language.
/// </summary>
public static class PortalInstruments
{
    /// <summary>
    /// The questionnaires a patient answers at home for a treated target, when the visit's content includes PROMs
    /// (DOMAIN.md 4.2). [DESIGN] from DOMAIN.md 4.1: knee KOOS, hip HOOS, spine ODI, each with the pain NRS; the
    /// clinician-scored instruments (Harris Hip Score, ISNCSCI, Lequesne interview) are not sent to the portal.
    /// </summary>
    public static IReadOnlyList<string> ForTarget(string target) => target switch
    {
        "KNEE_L" or "KNEE_R" => [Koos.Code, PainScales.NrsCode],
        "HIP_L" or "HIP_R" => [Hoos.Code, PainScales.NrsCode],
        "LUMBAR" or "CERVICAL" or "THORACIC" => [Oswestry.Code, PainScales.NrsCode],
        _ => [],
    };

    /// <summary>The instruments a visit asks for: none after the endpoint (V3 keeps only safety content) or when the
    /// visit has no PROMs.</summary>
    public static IReadOnlyList<string> ForVisit(string target, FollowUpVisitView visit) =>
        visit.Content.Contains(VisitContent.Proms) ? ForTarget(target) : [];

    /// <summary>Instruments of the visit already done: listed in the visit's findings (staff or portal).</summary>
    public static IReadOnlySet<string> Done(FollowUpVisitView visit) =>
        (visit.Findings?.Instruments ?? []).Select(i => i.Instrument).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A visit is due in the portal when its window contains <paramref name="today"/> (inclusive), it is not withdrawn,
    /// and at least one of its instruments is not yet done.
    /// </summary>
    public static bool IsDue(string target, FollowUpVisitView visit, DateOnly today) =>
        visit.WindowStart <= today && today <= visit.WindowEnd && visit.Status != VisitStatus.Withdrawn
        && ForVisit(target, visit).Except(Done(visit)).Any();

    /// <summary>
    /// The items the portal asks, in form order: an alternative item (<see cref="ItemDefinition.EnabledUnlessAnswered"/>)
    /// is skipped, since the main item is always asked.
    /// </summary>
    public static IReadOnlyList<ItemDefinition> Questions(InstrumentDefinition definition) =>
        definition.Items.Where(i => i.EnabledUnlessAnswered is null).ToList();

    /// <summary>
    /// One item as the patient reads it in <paramref name="language"/> (en, ko, zh): the clinic's licensed wording when
    /// one is loaded for the instrument and language, else our short label (the staff views say which).
    /// </summary>
    public static PortalQuestionText Wording(InstrumentDefinition definition, ItemDefinition item, string language, LicensedWordingLibrary library)
    {
        var licensed = library.Find(definition.Code, language);
        var text = licensed?.ItemText(item.Code) ?? item.Label.In(language);
        var options = item.Scale switch
        {
            AnswerScale.Choice c => c.Options.Select(o => new PortalOption(Value(o.Value), licensed?.OptionText(item.Code, o.Value) ?? o.Label.In(language))).ToList(),
            AnswerScale.YesNo => [new PortalOption("true", language switch { "ko" => "예", "zh" => "是", _ => "Yes" }),
                new PortalOption("false", language switch { "ko" => "아니요", "zh" => "否", _ => "No" })],
            AnswerScale.Coded c => c.Options.Select(o => new PortalOption(o.Code, o.Label.In(language))).ToList(),
            _ => (IReadOnlyList<PortalOption>)[],
        };
        var range = item.Scale is AnswerScale.Quantity q ? q : null;
        return new PortalQuestionText(text, options, range, licensed is not null && licensed.ItemText(item.Code) is not null);
    }

    /// <summary>True when every item of the instrument has a licensed text in <paramref name="language"/>.</summary>
    public static bool FullyLicensed(InstrumentDefinition definition, string language, LicensedWordingLibrary library) =>
        library.Find(definition.Code, language) is { } w && Questions(definition).All(i => w.ItemText(i.Code) is not null);

    /// <summary>The form value of an option ("0", "0.5", "25").</summary>
    public static string Value(decimal v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a posted answer for <paramref name="item"/>: a number for choice and quantity items, true/false for
    /// yes/no, the code for coded items; empty is missing.</summary>
    public static Answer Read(ItemDefinition item, string? posted)
    {
        if (string.IsNullOrWhiteSpace(posted)) return Answer.Missing;
        var t = posted.Trim();
        if (item.Scale is AnswerScale.YesNo) return t switch { "true" => Answer.Of(true), "false" => Answer.Of(false), _ => Answer.Of(t) };
        if (item.Scale is AnswerScale.Coded) return Answer.Of(t);
        return decimal.TryParse(t.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? Answer.Of(n) : Answer.Of(t);
    }
}

/// <summary>An answer option as shown: its form value and its label.</summary>
public sealed record PortalOption(string Value, string Label);

/// <summary>An item's text and options in one language; <see cref="Range"/> is set for a number entry.</summary>
/// <param name="Licensed">True when the text is the clinic's licensed wording (false: our short label).</param>
public sealed record PortalQuestionText(string Text, IReadOnlyList<PortalOption> Options, AnswerScale.Quantity? Range, bool Licensed);

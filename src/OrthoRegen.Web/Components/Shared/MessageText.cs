using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace OrthoRegen.Web.Components.Shared;

/// <summary>
/// Core's validation messages in the page language. Core words its messages in English, and the API's problem details
/// keep them so; staff pages pass each message through <see cref="Localize"/>, which finds its English wording among
/// the UI strings <c>Msg.*</c> (tools/ui/messages.py, placeholders {0}, {1}, … standing for the values Core put in) and
/// answers the Korean or Chinese sentence with the same values. A message not listed there stays English.
/// </summary>
public static class MessageText
{
    const string Prefix = "Msg.";

    sealed record Template(string Key, Regex Pattern, int[] Placeholders, int LiteralLength);

    static readonly Lazy<(Dictionary<string, string> Exact, Template[] Patterns)> Table = new(Build);

    /// <summary>The message in the current UI culture, or unchanged when the page is English or the wording is not listed.</summary>
    /// <remarks>Besides validation messages, the table holds Core's rule reasons and notes (tools/ui/reasons.py): lot
    /// release traces, lab notices, statistics and meta-analysis notes.</remarks>
    public static string Localize(IStringLocalizer localizer, string message)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en") return message;
        return Translate(localizer, message, nested: true);
    }

    /// <summary>
    /// The sentence by its English wording, else by the first template it fits. With <paramref name="nested"/>, a value
    /// that is itself a listed sentence (a reason Core wraps in another, as the meta-analysis subgroup model does) is
    /// translated too; one level deep, so a value cannot lead back into the same template.
    /// </summary>
    static string Translate(IStringLocalizer localizer, string message, bool nested)
    {
        var (exact, patterns) = Table.Value;
        if (exact.TryGetValue(message, out var key)) return Text(localizer, key, []) ?? message;
        foreach (var t in patterns)
        {
            var m = t.Pattern.Match(message);
            if (!m.Success) continue;
            var values = new object[t.Placeholders.Length == 0 ? 0 : t.Placeholders.Max() + 1];
            for (var i = 0; i < t.Placeholders.Length; i++)
            {
                var value = m.Groups[i + 1].Value;
                values[t.Placeholders[i]] = nested && value.Length > 8 && value.Contains(' ') ? Translate(localizer, value, nested: false) : value;
            }
            return Text(localizer, t.Key, values) ?? message;
        }
        return message;
    }

    /// <summary>Each message of a field, localized and joined as the pages show them.</summary>
    public static string Join(IStringLocalizer localizer, IEnumerable<string> messages) =>
        string.Join(" ", messages.Select(m => Localize(localizer, m)));

    static string? Text(IStringLocalizer localizer, string key, object[] values)
    {
        var found = localizer[key];
        return found.ResourceNotFound ? null : string.Format(CultureInfo.InvariantCulture, found.Value, values);
    }

    static readonly Regex Placeholder = new(@"\{(\d+)\}", RegexOptions.CultureInvariant);

    static (Dictionary<string, string>, Template[]) Build()
    {
        var resources = new ResourceManager("OrthoRegen.Web.Resources.Ui", typeof(Ui).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException("The neutral UI strings (Resources/Ui.resx) are missing.");
        var exact = new Dictionary<string, string>(StringComparer.Ordinal);
        var patterns = new List<Template>();
        foreach (DictionaryEntry entry in resources)
        {
            if (entry.Key is not string key || !key.StartsWith(Prefix, StringComparison.Ordinal) || entry.Value is not string english) continue;
            var holes = Placeholder.Matches(english);
            if (holes.Count == 0) { exact[english] = key; continue; }
            var literals = Placeholder.Split(english).Where((_, i) => i % 2 == 0).ToList(); // Split keeps the captured numbers at odd indexes
            var pattern = "^" + string.Join("(.+?)", literals.Select(Regex.Escape)) + "$";
            patterns.Add(new Template(key, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Singleline),
                holes.Select(h => int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray(), literals.Sum(l => l.Length)));
        }
        // The most specific wording first, so "Must be one of {0}." is not read as a longer template's value.
        return (exact, patterns.OrderByDescending(p => p.LiteralLength).ToArray());
    }
}

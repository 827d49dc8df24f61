using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The content hash stored with an imported resource's identifier mapping (<c>fhir_identifiers.content_hash</c>): the
/// lower-case hex SHA-256 of the UTF-8 of the record's <c>ToString()</c>. A re-import compares it to tell "unchanged"
/// from "changed under the same identifier", so its value must never change for the same record.
/// </summary>
/// <remarks>
/// A QuestionnaireResponse's text is mostly its items, and formatting every item's answer record was the largest single
/// cost of a bulk import. Items repeat (a few codes, a few answer values), so their text is taken from a bounded cache
/// filled with the items' own <c>ToString()</c>, and the rest of the record's text from the record itself with its items
/// left out; the result is the very same text (checked against <c>ToString()</c> by the unit tests).
/// </remarks>
public static class FhirContentHash
{
    const int CacheLimit = 50_000;
    static readonly ConcurrentDictionary<(ResponseItem Item, string Culture), string> Items = new();
    const string EmptyItems = "Items = [], PlanId = ";

    public static string Of(IFhirRecord record) => Hash(record is FhirQuestionnaireResponse q ? Text(q) : record.ToString() ?? "");

    /// <summary>Exactly <c>q.ToString()</c>.</summary>
    public static string Text(FhirQuestionnaireResponse q)
    {
        // The record with no items and no plan: everything after "Items = " is then fixed text (no field of the source).
        var bare = (q with { Items = ValueList<ResponseItem>.Empty, PlanId = null }).ToString();
        var at = bare.LastIndexOf(EmptyItems, StringComparison.Ordinal);
        if (at < 0) return q.ToString();
        var culture = CultureInfo.CurrentCulture.Name;
        var sb = new StringBuilder(bare.Length + q.Items.Count * 96);
        sb.Append(bare, 0, at).Append("Items = [");
        for (var i = 0; i < q.Items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(ItemText(q.Items[i], culture));
        }
        sb.Append("], PlanId = ").Append(q.PlanId).Append(bare, at + EmptyItems.Length, bare.Length - at - EmptyItems.Length);
        return sb.ToString();
    }

    static string ItemText(ResponseItem item, string culture)
    {
        // Decimal equality ignores the scale (3 == 3.0) but the text keeps it: only whole non-negative numbers are cached.
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(item.Answer.Number, bits);
        if (bits[3] != 0) return item.ToString();
        if (Items.TryGetValue((item, culture), out var text)) return text;
        text = item.ToString();
        if (Items.Count < CacheLimit) Items.TryAdd((item, culture), text);
        return text;
    }

    static string Hash(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(text, buffer);
            Span<byte> digest = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, n), digest);
            return Convert.ToHexStringLower(digest);
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }
}

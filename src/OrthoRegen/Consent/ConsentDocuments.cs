using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OrthoRegen.Consent;

/// <summary>The comprehension checkpoints' acknowledgements: the boolean fields of DOMAIN.md 2 "Consent" (plus the cost).</summary>
public static class Acknowledgements
{
    public const string RisksExplained = "risksExplained";
    public const string EvidenceLevelExplained = "evidenceLevelExplained";
    /// <summary>The patient understood who pays (the amount itself is <c>self_pay_cost_krw</c>, entered by staff).</summary>
    public const string SelfPayCost = "selfPayCost";
    public const string AlternativesExplained = "alternativesExplained";
    public const string AllogeneicSourceAck = "allogeneicSourceAck";
    public const string PersonalDataProcessing = "personalDataProcessing";
    public const string RightToWithdraw = "rightToWithdraw";
    public const string LongTermFollowUpAck = "longTermFollowUpAck";

    public static readonly IReadOnlyList<string> All =
        [RisksExplained, EvidenceLevelExplained, SelfPayCost, AlternativesExplained, AllogeneicSourceAck, PersonalDataProcessing, RightToWithdraw, LongTermFollowUpAck];

    /// <summary>The acknowledgements ConsentStore requires before any consent is recorded; every form must check them.</summary>
    public static readonly IReadOnlyList<string> Mandatory = [RisksExplained, EvidenceLevelExplained, AlternativesExplained, PersonalDataProcessing, RightToWithdraw];
}

/// <summary>The languages consent documents are written in (UI culture names) and the patient-record code of each.</summary>
public static class ConsentLanguages
{
    public static readonly IReadOnlyList<string> All = ["ko", "zh-CN", "en"];

    /// <summary>The DOMAIN.md 2 language code stored on the Consent ({ko,en,zh}).</summary>
    public static string ToRecordCode(string language) => language == "zh-CN" ? "zh" : language;
}

/// <summary>
/// The consent documents of <c>consent-forms.json</c> (embedded default, or a clinic's <c>Consent:FormsFile</c>): per form
/// code and version the sections and comprehension checkpoints, with the text of each in ko, zh-CN and en.
/// </summary>
public sealed record ConsentDocuments
{
    public string? Description { get; init; }
    public required IReadOnlyList<ConsentFormDefinition> Forms { get; init; }

    public static ConsentDocuments Default { get; } = Parse(SettingsFile.Embedded("Consent/consent-forms.json"));

    public ConsentFormDefinition? Find(string code, string version) => Forms.FirstOrDefault(f => f.Code == code && f.Version == version);

    /// <summary>Parses and checks the file: every language has every text, every checkpoint's answer exists, the mandatory acknowledgements are covered.</summary>
    public static ConsentDocuments Parse(string json)
    {
        var d = JsonSerializer.Deserialize<ConsentDocuments>(json, SettingsFile.Json) ?? throw new InvalidOperationException("Consent forms file is empty.");
        var problems = new List<string>();
        foreach (var f in d.Forms)
        {
            var name = $"{f.Code} {f.Version}";
            var sectionIds = f.Sections.Select(s => s.Id).ToHashSet();
            foreach (var s in f.Sections.Where(s => s.AppliesTo is not null and not "ALLOGENEIC")) problems.Add($"{name}: section {s.Id} appliesTo must be ALLOGENEIC or absent.");
            foreach (var c in f.Checkpoints)
            {
                if (!Acknowledgements.All.Contains(c.Acknowledgement)) problems.Add($"{name}: checkpoint {c.Id} has unknown acknowledgement {c.Acknowledgement}.");
                if (!sectionIds.Contains(c.Section)) problems.Add($"{name}: checkpoint {c.Id} points to missing section {c.Section}.");
                if (c.AppliesTo is not null and not "ALLOGENEIC") problems.Add($"{name}: checkpoint {c.Id} appliesTo must be ALLOGENEIC or absent.");
            }
            foreach (var ack in Acknowledgements.Mandatory.Where(a => f.Checkpoints.All(c => c.Acknowledgement != a || c.AppliesTo is not null)))
                problems.Add($"{name}: no checkpoint for the mandatory acknowledgement {ack}.");
            foreach (var lang in ConsentLanguages.All)
            {
                if (!f.Texts.TryGetValue(lang, out var t)) { problems.Add($"{name}: no texts in {lang}."); continue; }
                foreach (var s in f.Sections.Where(s => !t.Sections.ContainsKey(s.Id))) problems.Add($"{name} {lang}: section {s.Id} has no text.");
                foreach (var c in f.Checkpoints)
                {
                    if (!t.Checkpoints.TryGetValue(c.Id, out var ct)) { problems.Add($"{name} {lang}: checkpoint {c.Id} has no text."); continue; }
                    if (ct.Options.Count < 2) problems.Add($"{name} {lang}: checkpoint {c.Id} needs at least two options.");
                    if (c.Correct < 0 || c.Correct >= ct.Options.Count) problems.Add($"{name} {lang}: checkpoint {c.Id} correct answer {c.Correct} is not an option.");
                }
                if (t.Withdrawal is null) problems.Add($"{name} {lang}: no withdrawal statement.");
            }
            var optionCounts = f.Checkpoints.Select(c => ConsentLanguages.All.Select(l => f.Texts.GetValueOrDefault(l)?.Checkpoints.GetValueOrDefault(c.Id)?.Options.Count).Distinct().Count());
            if (optionCounts.Any(n => n > 1)) problems.Add($"{name}: a checkpoint has a different number of options in different languages.");
        }
        foreach (var dup in d.Forms.GroupBy(f => (f.Code, f.Version)).Where(g => g.Count() > 1)) problems.Add($"{dup.Key.Code} {dup.Key.Version} is defined twice.");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
        return d;
    }

    /// <summary>Every text of every form in every language, for the banned-wording scan.</summary>
    public IEnumerable<(string Where, string Text)> AllTexts()
    {
        foreach (var f in Forms)
        foreach (var (lang, t) in f.Texts)
        {
            var at = $"{f.Code} {f.Version} {lang}";
            yield return (at + " title", t.Title);
            foreach (var (id, s) in t.Sections) { yield return ($"{at} {id}", s.Heading); yield return ($"{at} {id}", s.Text); }
            foreach (var (id, c) in t.Checkpoints)
            {
                yield return ($"{at} {id}?", c.Question);
                foreach (var o in c.Options) yield return ($"{at} {id} option", o);
                yield return ($"{at} {id} explanation", c.Explanation);
            }
            if (t.Withdrawal is { } w) { yield return (at + " withdrawal", w.Heading); yield return (at + " withdrawal", w.Text); }
        }
    }
}

public sealed record ConsentFormDefinition
{
    public required string Code { get; init; }
    public required string Version { get; init; }
    /// <summary>True when the form's cost section needs the amount (staff enter it when starting the session).</summary>
    public bool RequiresSelfPayCost { get; init; }
    public required IReadOnlyList<ConsentSectionDefinition> Sections { get; init; }
    public required IReadOnlyList<CheckpointDefinition> Checkpoints { get; init; }
    public required IReadOnlyDictionary<string, ConsentFormTexts> Texts { get; init; }

    /// <summary>The document as shown in <paramref name="language"/> for one session.</summary>
    public ConsentDocument Render(string language, bool allogeneic, int? selfPayCostKrw)
    {
        if (!Texts.TryGetValue(language, out var t)) throw new ArgumentException($"Form {Code} {Version} has no {language} text.", nameof(language));
        var cost = selfPayCostKrw is { } k ? k.ToString("N0", CultureInfo.InvariantCulture) : "—";
        bool Applies(string? appliesTo) => appliesTo is null || allogeneic;
        var sections = Sections.Where(s => Applies(s.AppliesTo))
            .Select(s => new ConsentSection(s.Id, t.Sections[s.Id].Heading, t.Sections[s.Id].Text.Replace("{selfPayCostKrw}", cost, StringComparison.Ordinal)))
            .ToList();
        var checkpoints = Checkpoints.Where(c => Applies(c.AppliesTo))
            .Select(c => new Checkpoint(c.Id, c.Acknowledgement, c.Section, t.Checkpoints[c.Id].Question, t.Checkpoints[c.Id].Options, c.Correct, t.Checkpoints[c.Id].Explanation))
            .ToList();
        return new ConsentDocument(Code, Version, language, t.Title, sections, checkpoints);
    }

    /// <summary>The withdrawal statement as shown in <paramref name="language"/>.</summary>
    public WithdrawalStatement RenderWithdrawal(string language, DateTimeOffset signedAt)
    {
        if (!Texts.TryGetValue(language, out var t) || t.Withdrawal is null) throw new ArgumentException($"Form {Code} {Version} has no {language} withdrawal text.", nameof(language));
        return new WithdrawalStatement(Code, Version, language, t.Title, signedAt, t.Withdrawal.Heading, t.Withdrawal.Text);
    }
}

public sealed record ConsentSectionDefinition
{
    public required string Id { get; init; }
    /// <summary>Null: always shown; "ALLOGENEIC": only for a donor-derived product.</summary>
    public string? AppliesTo { get; init; }
}

public sealed record CheckpointDefinition
{
    public required string Id { get; init; }
    public required string Acknowledgement { get; init; }
    public required string Section { get; init; }
    /// <summary>Zero-based index of the right option.</summary>
    public required int Correct { get; init; }
    public string? AppliesTo { get; init; }
}

public sealed record ConsentFormTexts
{
    public required string Title { get; init; }
    public required IReadOnlyDictionary<string, SectionText> Sections { get; init; }
    public required IReadOnlyDictionary<string, CheckpointText> Checkpoints { get; init; }
    public SectionText? Withdrawal { get; init; }
}

public sealed record SectionText(string Heading, string Text);

public sealed record CheckpointText(string Question, IReadOnlyList<string> Options, string Explanation);

public sealed record ConsentSection(string Id, string Heading, string Text);

/// <summary>One comprehension question as shown; <see cref="Correct"/> is the index of the right option.</summary>
public sealed record Checkpoint(string Id, string Acknowledgement, string Section, string Question, IReadOnlyList<string> Options, int Correct, string Explanation);

/// <summary>
/// A consent document exactly as the patient sees it in one language. <see cref="Text"/> is the canonical plain text of
/// everything shown (title, form and version, every section, every checkpoint with its options); it is what is stored
/// with the signature, and <see cref="Sha256"/> is the lowercase hex SHA-256 of its UTF-8 bytes.
/// </summary>
public sealed record ConsentDocument(string FormCode, string FormVersion, string Language, string Title,
    IReadOnlyList<ConsentSection> Sections, IReadOnlyList<Checkpoint> Checkpoints)
{
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append(Title).Append('\n').Append(FormCode).Append(' ').Append(FormVersion).Append(" · ").Append(Language).Append('\n');
            foreach (var s in Sections) sb.Append('\n').Append("## ").Append(s.Heading).Append('\n').Append(s.Text).Append('\n');
            for (var i = 0; i < Checkpoints.Count; i++)
            {
                var c = Checkpoints[i];
                sb.Append('\n').Append("Q").Append(i + 1).Append(". ").Append(c.Question).Append('\n');
                for (var j = 0; j < c.Options.Count; j++) sb.Append("  ").Append((char)('a' + j)).Append(") ").Append(c.Options[j]).Append('\n');
            }
            return sb.ToString();
        }
    }

    public string Sha256 => TextHash.Sha256(Text);
}

/// <summary>The withdrawal statement a patient signs; <see cref="Text"/> is stored with its hash.</summary>
public sealed record WithdrawalStatement(string FormCode, string FormVersion, string Language, string FormTitle, DateTimeOffset ConsentSignedAt,
    string Heading, string Statement)
{
    public string Text => $"{Heading}\n{FormTitle}\n{FormCode} {FormVersion} · {Language} · {ConsentSignedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC\n\n{Statement}\n";
    public string Sha256 => TextHash.Sha256(Text);
}

public static class TextHash
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 bytes (no BOM).</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

using System.Text.RegularExpressions;
using OrthoRegen.Consent;

namespace OrthoRegen.Tests.Consent;

public partial class ConsentDocumentsTests
{
    // DOMAIN.md 5.1 banned wording: English whole words (case-insensitive, plain inflections), ko/zh anywhere.
    [GeneratedRegex(@"\b(cure[sd]?|guarantee[sd]?|regrow(s|n|ing)?\s+cartilage|miracles?|miraculous|no\s+risks?|permanent\s+fix(es)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishBanned();
    static readonly string[] CjkBanned = ["완치", "효과 보장", "효과보장", "기적", "治愈", "保证疗效", "奇迹"];
    [GeneratedRegex(@"\d\s*[%％]|퍼센트|百分之")]
    private static partial Regex Percentage();

    static IEnumerable<string> Violations(string text) =>
        EnglishBanned().Matches(text).Select(m => m.Value)
            .Concat(CjkBanned.Where(w => text.Contains(w, StringComparison.Ordinal)))
            .Concat(Percentage().Matches(text).Select(m => m.Value));

    [Theory]
    [InlineData("There is no risk")]
    [InlineData("효과 보장")]
    [InlineData("彻底治愈")]
    [InlineData("70% respond")]
    public void Violations_BannedText_IsFound(string text) => Assert.NotEmpty(Violations(text));

    [Fact]
    public void AllTexts_EveryFormAndLanguage_HaveNoBannedWording()
    {
        var texts = ConsentDocuments.Default.AllTexts().ToList();
        Assert.True(texts.Count > 300, $"only {texts.Count} texts scanned");
        Assert.All(ConsentLanguages.All, l => Assert.Contains(texts, t => t.Where.Contains($" {l} ")));
        Assert.All(texts, t => Assert.True(!Violations(t.Text).Any(), $"{t.Where}: {string.Join(", ", Violations(t.Text))}"));
    }

    [Fact]
    public void Default_HasATreatmentAndAResearchFormOfTheCatalogue()
    {
        Assert.NotNull(ConsentDocuments.Default.Find("TREATMENT", "1.0"));
        Assert.NotNull(ConsentDocuments.Default.Find("RESEARCH", "1.0"));
    }

    [Theory]
    [InlineData("TREATMENT", false, 7)]
    [InlineData("TREATMENT", true, 8)] // + donor checkpoint
    [InlineData("RESEARCH", false, 7)]
    [InlineData("RESEARCH", true, 8)]
    public void Render_CheckpointsCoverEveryAcknowledgementThatApplies(string code, bool allogeneic, int count)
    {
        var doc = ConsentDocuments.Default.Find(code, "1.0")!.Render("en", allogeneic, 1_000_000);
        Assert.Equal(count, doc.Checkpoints.Count);
        Assert.All(Acknowledgements.Mandatory, a => Assert.Contains(doc.Checkpoints, c => c.Acknowledgement == a));
        Assert.Equal(allogeneic, doc.Checkpoints.Any(c => c.Acknowledgement == Acknowledgements.AllogeneicSourceAck));
        Assert.Equal(allogeneic, doc.Sections.Any(s => s.Id == "allogeneic"));
        Assert.All(doc.Checkpoints, c => Assert.Contains(doc.Sections, s => s.Id == c.Section));
    }

    [Fact]
    public void Text_IncludesEverySectionAndCheckpoint_AndHashIsSha256OfUtf8()
    {
        var doc = ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Render("ko", false, 3_500_000);
        var text = doc.Text;
        Assert.All(doc.Sections, s => { Assert.Contains(s.Heading, text); Assert.Contains(s.Text, text); });
        Assert.All(doc.Checkpoints, c => { Assert.Contains(c.Question, text); Assert.All(c.Options, o => Assert.Contains(o, text)); });
        Assert.Contains("3,500,000", text);
        Assert.DoesNotContain("{selfPayCostKrw}", text);
        // printf 'abc' | sha256sum
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", TextHash.Sha256("abc"));
        // printf '동의' | sha256sum (UTF-8 bytes ec 8f 99 ec 9d 98)
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("동의"u8.ToArray())), TextHash.Sha256("동의"));
        Assert.Equal(TextHash.Sha256(text), doc.Sha256);
        Assert.NotEqual(doc.Sha256, ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Render("ko", false, 3_600_000).Sha256);
    }

    [Fact]
    public void Parse_MissingTranslationOrWrongAnswer_IsRefusedWithTheReason()
    {
        var json = SettingsFile.Embedded("Consent/consent-forms.json");
        var broken = json.Replace("\"correct\": 2 },", "\"correct\": 7 },");
        Assert.Contains("is not an option", Assert.Throws<InvalidOperationException>(() => ConsentDocuments.Parse(broken)).Message);
        var unknown = json.Replace("\"acknowledgement\": \"risksExplained\"", "\"acknowledgement\": \"risksMentioned\"");
        Assert.Contains("risksMentioned", Assert.Throws<InvalidOperationException>(() => ConsentDocuments.Parse(unknown)).Message);
    }
}

using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using OrthoRegen.Data;
using OrthoRegen.PreScreening;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.PreScreening;

/// <summary>
/// DOMAIN.md 5.1: no patient-facing pre-screening text, in any of the three languages, uses the banned wording or shows a
/// response percentage. Scans Core's text tables, the "Ps" UI strings of every culture, and rendered result pages.
/// </summary>
public sealed partial class BannedWordingTests : IAsyncLifetime
{
    /// <summary>English terms as whole words, case-insensitive (with their plain inflections).</summary>
    [GeneratedRegex(@"\b(cure[sd]?|guarantee[sd]?|regrow(s|n|ing)?\s+cartilage|miracles?|miraculous|no\s+risks?|permanent\s+fix(es)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishBanned();

    /// <summary>Korean and Chinese equivalents (no word boundaries in these scripts: any occurrence).</summary>
    static readonly string[] CjkBanned = ["완치", "효과 보장", "효과보장", "기적", "治愈", "保证疗效", "奇迹"];

    /// <summary>A response rate in any form: "100%", "70 %", full-width ％, "퍼센트", "百分之".</summary>
    [GeneratedRegex(@"\d\s*[%％]|퍼센트|百分之")]
    private static partial Regex Percentage();

    public static IReadOnlyList<string> Violations(string text)
    {
        var found = EnglishBanned().Matches(text).Select(m => m.Value).ToList();
        found.AddRange(CjkBanned.Where(w => text.Contains(w, StringComparison.Ordinal)));
        found.AddRange(Percentage().Matches(text).Select(m => m.Value));
        return found;
    }

    OrthoRegenServer _server = null!;
    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
        new Dictionary<string, string?> { ["PreScreening:SubmissionsPerHour"] = "1000" });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("This will CURE your knee")]
    [InlineData("Results guaranteed")]
    [InlineData("We regrow cartilage")]
    [InlineData("a miracle")]
    [InlineData("There is no risk")]
    [InlineData("a permanent fix")]
    [InlineData("무릎 완치")]
    [InlineData("효과 보장")]
    [InlineData("기적의 치료")]
    [InlineData("彻底治愈")]
    [InlineData("保证疗效")]
    [InlineData("奇迹")]
    [InlineData("100% response")]
    [InlineData("반응률 85 %")]
    public void Violations_BannedText_IsFound(string text) => Assert.NotEmpty(Violations(text));

    [Theory]
    [InlineData("secure procedure")] // whole words only
    [InlineData("accurate curettage")]
    [InlineData("risks are listed below")]
    public void Violations_InnocentText_IsClean(string text) => Assert.Empty(Violations(text));

    [Fact]
    public void CoreTexts_AllLanguages_AreClean()
    {
        var texts = PreScreenTexts.All().SelectMany(t => new[] { t.En, t.Ko, t.Zh }).ToList();
        Assert.True(texts.Count > 100, $"only {texts.Count} texts scanned");
        Assert.All(texts, t => Assert.Empty(Violations(t)));
    }

    [Fact]
    public void UiStrings_PreScreening_AllCulturesAreClean()
    {
        var ui = new ResourceManager("OrthoRegen.Web.Resources.Ui", typeof(OrthoRegen.Web.Ui).Assembly);
        var scanned = 0;
        foreach (var culture in new[] { CultureInfo.InvariantCulture, new CultureInfo("ko"), new CultureInfo("zh-CN") })
        {
            var set = ui.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
            foreach (DictionaryEntry e in set)
            {
                if (!((string)e.Key).StartsWith("Ps", StringComparison.Ordinal) && !((string)e.Key).StartsWith("Target_", StringComparison.Ordinal)) continue;
                Assert.Empty(Violations((string)e.Value!));
                scanned++;
            }
        }
        Assert.True(scanned >= 3 * 60, $"only {scanned} strings scanned");
    }

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var culture in new[] { "en", "ko", "zh-CN" })
            foreach (var input in new[] { "knee", "hip-avn", "bone-on-bone", "infection", "short", "lumbar", "sci", "no-budget" })
                data.Add(culture, input);
        return data;
    }

    [Theory, MemberData(nameof(Pages))]
    public async Task RenderedResultPage_IsClean(string culture, string input)
    {
        var client = _server.Anonymous();
        var form = await client.GetStringAsync($"/prescreen?culture={culture}&ui-culture={culture}");
        Assert.Empty(Violations(Text(form)));
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "prescreen", ["__RequestVerificationToken"] = token,
            ["Form.TargetSite"] = input switch { "hip-avn" => "HIP_R", "lumbar" => "LUMBAR", "sci" => "SCI", _ => "KNEE_L" },
            ["Form.PainNrs"] = "6", ["Form.SymptomDurationMonths"] = input == "short" ? "2" : "18",
            ["Form.TriedNsaid"] = "true", ["Form.TriedPhysiotherapy"] = "true",
            ["Form.CanAttendFollowup24m"] = "yes", ["Form.BudgetAwareSelfPay"] = input == "no-budget" ? "no" : "yes",
            ["Form.PreferredLanguage"] = "ko",
        };
        if (input == "hip-avn") fields["Form.ToldAvn"] = "true";
        if (input == "bone-on-bone") fields["Form.ToldBoneOnBone"] = "true";
        if (input == "infection") fields["Form.ActiveInfection"] = "true";
        var r = await client.PostAsync($"/prescreen?culture={culture}&ui-culture={culture}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("class=\"verdict", html, StringComparison.Ordinal); // the result, not the form again
        Assert.Contains(input is "bone-on-bone" or "infection" ? "PROBABLY_NOT_SUITABLE" : "WORTH_CONSULTATION", html, StringComparison.Ordinal);
        Assert.Empty(Violations(Text(html)));
    }

    static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline), "<[^>]+>", " "));
}

using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.CellLab;
using OrthoRegen.Safety;
using OrthoRegen.Treatment;
using OrthoRegen.Web;
using OrthoRegen.Web.Components.Shared;

namespace OrthoRegen.IntegrationTests.Hosting;

/// <summary>Staff pages show Core's English validation messages in Korean and Chinese (MessageText, tools/ui/messages.py).</summary>
public class MessageTextTests
{
    static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(Ui));

    static readonly ResourceManager Resources = new("OrthoRegen.Web.Resources.Ui", typeof(Ui).Assembly);

    static T In<T>(string culture, Func<T> f)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try { return f(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    [Theory]
    [InlineData("ko", "Must be from 1 to 10.", "1에서 10 사이여야 합니다.")]
    [InlineData("zh-CN", "Must be from 1 to 10.", "须在 1 到 10 之间。")]
    [InlineData("ko", "Required.", "필수 항목입니다.")]
    [InlineData("ko", "Must be one of XRAY, MRI.", "다음 중 하나여야 합니다: XRAY, MRI.")]
    [InlineData("zh-CN", "Only 12 day(s) since injection 1; the plan's interval is 21 days.", "距第 1 次注射仅 12 天；计划间隔为 21 天。")]
    [InlineData("ko", "Lot OR-2026-7 is made for INTRADISCAL, not INTRA_ARTICULAR.", "로트 OR-2026-7은(는) INTRA_ARTICULAR이(가) 아니라 INTRADISCAL용으로 제조되었습니다.")]
    [InlineData("en-US", "Required.", "Required.")]
    [InlineData("ko", "A sentence no table lists.", "A sentence no table lists.")]
    public void CoreMessages_AreShownInThePageLanguage_WithCoresValues(string culture, string message, string shown) =>
        Assert.Equal(shown, In(culture, () => MessageText.Localize(L, message)));

    [Fact]
    public void PasswordPolicyMessages_AsTheChangePasswordPageGetsThem_AreKorean()
    {
        var problems = PasswordPolicy.Problems("drkim-Knee-2026", "drkim");
        Assert.Equal(["아이디를 포함할 수 없습니다."], In("ko", () => problems.Select(p => MessageText.Localize(L, p)).ToArray()));
        Assert.Equal("12자 이상이어야 합니다.", In("ko", () => MessageText.Localize(L, PasswordPolicy.Problems("short", "x")[0])));
    }

    public static TheoryData<string, string> Sentences()
    {
        // Every sentence (not a code, not a phrase that Core embeds in another message) of the message classes of the
        // forms staff fill in most: plans, the bedside checks, adverse events, lot release, passwords.
        var data = new TheoryData<string, string>();
        foreach (var type in new[] { typeof(PasswordPolicy.Messages), typeof(TreatmentMessages), typeof(AdministrationMessages), typeof(SafetyMessages), typeof(CellLabMessages) })
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(string)))
                if (f.GetValue(null) is string s && s.EndsWith('.') && s.Contains(' ') && !s.StartsWith("R1.", StringComparison.Ordinal))
                    data.Add(type.Name + "." + f.Name, s);
        return data;
    }

    [Theory, MemberData(nameof(Sentences))]
    public void EverySentenceOfTheFormMessageClasses_IsTranslated(string field, string english)
    {
        foreach (var culture in new[] { "ko", "zh-CN" })
            Assert.True(In(culture, () => MessageText.Localize(L, english)) != english, $"{field} has no {culture} wording in tools/ui/messages.py: {english}");
    }

    [Fact]
    public void EachTranslation_KeepsTheEnglishPlaceholders()
    {
        var english = Resources.GetResourceSet(CultureInfo.InvariantCulture, true, false)!;
        var checkedCount = 0;
        foreach (System.Collections.DictionaryEntry e in english)
        {
            if (e.Key is not string key || !key.StartsWith("Msg.", StringComparison.Ordinal)) continue;
            var holes = Holes((string)e.Value!);
            foreach (var culture in new[] { "ko", "zh-CN" })
                Assert.True(holes.SetEquals(Holes(Resources.GetString(key, CultureInfo.GetCultureInfo(culture))!)), $"{key} ({culture}) has other placeholders than English");
            checkedCount++;
        }
        Assert.True(checkedCount > 90, $"only {checkedCount} Msg.* strings");
    }

    static HashSet<string> Holes(string s) => Regex.Matches(s, @"\{\d+\}").Select(m => m.Value).ToHashSet();
}

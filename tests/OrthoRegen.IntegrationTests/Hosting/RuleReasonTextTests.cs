using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Evidence;
using OrthoRegen.Instruments;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Portal;
using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Meta;
using OrthoRegen.Testing;
using OrthoRegen.Web;
using OrthoRegen.Web.Components.Shared;

namespace OrthoRegen.IntegrationTests.Hosting;

/// <summary>
/// Core's rule reasons, traces and notes that staff pages show are in Korean and Chinese too (MessageText,
/// tools/ui/reasons.py). The inventory is built from Core itself: the release rules run over inputs that reach every
/// branch, and the notes are read from the message classes, so an English sentence added later without a translation
/// fails here.
/// </summary>
public sealed partial class RuleReasonTextTests(SqliteServerFixture f) : IClassFixture<SqliteServerFixture>
{
    static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(Ui));

    static readonly string[] Languages = ["ko", "zh-CN"];

    static string In(string culture, string message)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try { return MessageText.Localize(L, message); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    /// <summary>English prose: a lower-case word of three letters or more (codes, units, rule ids and numbers are not).</summary>
    [GeneratedRegex(@"\b[a-z]{3,}\b")]
    private static partial Regex Prose();

    // ---- the release rules ---------------------------------------------------------------------------------------------

    static readonly ReleaseRules Rules = new(ReleaseSpecs.Default);
    static readonly string[] Markers = ["CD73", "CD90", "CD105", "CD45", "CD34", "CD14_OR_CD11B", "CD79A_OR_CD19", "HLA_DR"];

    static IEnumerable<QcReading> Qc(string result, double? identity = null, double? viability = 90, double? count = 50, double? endotoxin = 0.5,
        double? sterilityDays = 15, string sterilityMethod = "USP <71>")
    {
        foreach (var m in Markers) yield return new QcReading(m, identity ?? (m is "CD73" or "CD90" or "CD105" ? 98 : 1), result);
        yield return new QcReading("VIABILITY", viability, result);
        yield return new QcReading("VIABLE_COUNT", count, result);
        yield return new QcReading("GRAM_STAIN", null, result);
        yield return new QcReading("ENDOTOXIN", endotoxin, result);
        yield return new QcReading("MYCOPLASMA", null, result);
        yield return new QcReading(CellLabCodes.Sterility, null, result, IncubationDays: sterilityDays, Method: sterilityMethod);
    }

    /// <summary>Inputs that reach every trace sentence: nothing recorded, pending, analyst FAIL, out of spec, all PASS, a missing endotoxin input, an interim sterility read, BMAC with and without its steps.</summary>
    static IEnumerable<ReleaseInput> Scenarios()
    {
        foreach (var type in ReleaseSpecs.Default.ProductTypes.Keys)
        {
            var spec = ReleaseSpecs.Default.For(type)!;
            ReleaseInput Input(IEnumerable<QcReading> qc, bool complete = true) => new()
            {
                ProductType = type, Spec = spec, Qc = qc.ToList(), RecipientWeightKg = complete ? 70 : null, Route = "INTRA_ARTICULAR", DoseVolumeMl = 2,
                TncE6 = complete ? 900 : null, ConcentrateVolumeMl = complete ? 20 : null, ProcessingDocumented = complete, IdentityChecked = complete,
            };
            yield return Input([], complete: false);
            yield return Input(Qc(CellLabCodes.Pending));
            yield return Input(Qc(CellLabCodes.Fail));
            yield return Input(Qc(CellLabCodes.Pass));
            yield return Input(Qc(CellLabCodes.Pass), complete: false);
            yield return Input(Qc(CellLabCodes.Pass, sterilityDays: 5));
            yield return Input(Qc(CellLabCodes.Pass, identity: 50, viability: 10, count: 100_000, endotoxin: 1000));
            yield return Input(Qc(CellLabCodes.Pass).Where(r => r.Test != CellLabCodes.Sterility).Append(new QcReading(CellLabCodes.Sterility, null, CellLabCodes.Pending)));
            yield return Input(Qc(CellLabCodes.Pass).Where(r => r.Test != "VIABILITY").Append(new QcReading("VIABILITY", null, CellLabCodes.Pass)));
            if (spec.Kind == "BMAC")
                yield return Input([new QcReading("VIABILITY", 90, CellLabCodes.Pass)]) with { TncE6 = -1, ConcentrateVolumeMl = 1000 }; // below the minimum (0 in the default spec)
        }
    }

    static List<string> TraceTexts() =>
        Scenarios().SelectMany(i => Rules.Evaluate(i).Trace).SelectMany(l => new[] { l.Explanation, l.Spec })
            .Where(t => Prose().IsMatch(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> ReleaseTraceTexts()
    {
        var data = new TheoryData<string>();
        foreach (var t in TraceTexts()) data.Add(t);
        return data;
    }

    [Fact]
    public void TheScenarios_ReachEveryKindOfTraceSentence()
    {
        // Guards the inventory itself: if the scenarios stopped reaching a branch, its sentence would drop out unchecked.
        var texts = TraceTexts();
        foreach (var start in new[] { "Identity markers out of specification: ", "Viability: no result recorded.", "GRAM_STAIN: result pending.",
                     "The limit needs", "No growth after 5 days is an interim read", "Total nucleated cells out of specification.",
                     "No concentration step documented yet.", "At least one test failed", "Every release test passed.", "Every test passed except sterility",
                     "Results are missing or pending", "Dose tier HIGH", "No sterility result recorded (optional for BMAC).", "recorded, ≥ " })
            Assert.True(texts.Any(t => t.StartsWith(start, StringComparison.Ordinal)), $"no trace text starts with '{start}': {string.Join(" | ", texts)}");
        Assert.True(texts.Count >= 50, $"only {texts.Count} trace texts");
    }

    [Theory, MemberData(nameof(ReleaseTraceTexts))]
    public void EveryReleaseTraceSentence_IsTranslated_KeepingItsNumbers(string english)
    {
        foreach (var culture in Languages)
        {
            var shown = In(culture, english);
            Assert.True(shown != english, $"no {culture} wording in tools/ui/reasons.py: {english}");
            foreach (Match n in Regex.Matches(english, @"\d+(\.\d+)?"))
                Assert.Contains(n.Value, shown);
        }
    }

    [Theory]
    [InlineData("zh-CN", "Identity markers out of specification: CD73, HLA_DR.", "鉴别标志物不符合规格：CD73, HLA_DR。")]
    [InlineData("ko", "Viability: out of specification.", "생존율: 규격을 벗어났습니다.")]
    [InlineData("zh-CN", "0.5 EU/mL × 2 mL = 1 EU ≤ limit 350 EU (INTRA_ARTICULAR, 70 kg).", "0.5 EU/mL × 2 mL = 1 EU ≤ 限值 350 EU（INTRA_ARTICULAR，70 kg）。")]
    [InlineData("ko", "MYCOPLASMA: result pending.", "마이코플라스마: 결과 대기 중입니다.")]
    [InlineData("zh-CN", "STERILITY_USP71: within specification.", "无菌（USP <71>）：符合规格。")]
    [InlineData("ko", "Sterility (USP <71>) FAILED on lot OR-9 after RELEASED (decision version 1). Contact the patient today, assess for infection and open an adverse-event follow-up.",
        "로트 OR-9의 무균 검사(USP <71>)가 RELEASED 판정(판정 버전 1) 이후 부적합(FAILED)으로 나왔습니다. 오늘 환자에게 연락하여 감염 여부를 평가하고 이상반응 추적을 시작하세요.")]
    [InlineData("zh-CN", "mixed-effects model with subgroup as factor: the moderator is constant across studies: its effect is not estimable",
        "以亚组为因子的混合效应模型：调节变量在各研究间恒定：其效应无法估计")]
    [InlineData("ko", "Answer to item P3 must be one of 1, 2, 5.", "문항 P3의 답은 다음 중 하나여야 합니다: 1, 2, 5.")]
    [InlineData("zh-CN", "Answer to item nrs must be between 0 and 10 points.", "条目 nrs 的答案须在 0 到 10 points 之间。")]
    [InlineData("zh-CN", "Answer to item P1 must be true or false, not text.", "条目 P1 的答案须为 true 或 false，而不是文本。")]
    [InlineData("zh-CN", "For SCI the decision may only be REFER_TO_RESEARCH (rule C8: research only).", "对于 SCI，决定只能是 REFER_TO_RESEARCH（规则 C8：仅限研究）。")]
    [InlineData("en", "Viability: out of specification.", "Viability: out of specification.")]
    public void Reasons_AreShownInThePageLanguage_WithCoresValues(string culture, string english, string shown) =>
        Assert.Equal(shown, In(culture, english));

    // ---- notes from the message classes --------------------------------------------------------------------------------

    public static TheoryData<string, string> NoteTexts()
    {
        var data = new TheoryData<string, string>();
        // Every constant of the statistics messages, the meta-analysis notes the workspace shows and the workspace notes.
        foreach (var type in new[] { typeof(StatisticsMessages), typeof(MetaMessages), typeof(EvidenceMessages) })
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                var text = (string)field.GetValue(null)!;
                if (type == typeof(MetaMessages) && !WorkspaceMetaNotes.Contains(field.Name)) continue; // the rest are CLI input errors
                if (type == typeof(EvidenceMessages) && !WorkspaceEvidenceNotes.Contains(field.Name)) continue; // the rest are form errors
                data.Add($"{type.Name}.{field.Name}", text);
            }
        // Sentences Core builds around a value.
        foreach (var (name, text) in new (string, string)[]
                 {
                     ("StatisticsMessages.BeyondFollowUp", StatisticsMessages.BeyondFollowUp(60, 24)),
                     ("StatisticsMessages.NotConverged", StatisticsMessages.NotConverged(25)),
                     ("StatisticsMessages.Separation", StatisticsMessages.Separation("age")),
                     ("StatisticsMessages.LogisticSeparation", StatisticsMessages.LogisticSeparation(null)),
                     ("StatisticsMessages.LogisticSeparationTerm", StatisticsMessages.LogisticSeparation("bmi")),
                     ("StatisticsMessages.Collinear", StatisticsMessages.Collinear("sex")),
                     ("StatisticsMessages.ReferenceLevelMissing", StatisticsMessages.ReferenceLevelMissing("kl", "9", ["2", "3"])),
                     ("StatisticsMessages.SingleLevel", StatisticsMessages.SingleLevel("site")),
                     ("MetaMessages.TooFewStudies", MetaMessages.TooFewStudies(2, 1, Tau2.Reml)),
                     ("MetaMessages.TooFewStudiesTau", MetaMessages.TooFewStudies(2, 2, Tau2.Reml)),
                     ("MetaMessages.TooFewStudiesFixed", MetaMessages.TooFewStudies(2, 2, Tau2.FixedEffect)),
                     ("MetaMessages.NoConvergence", MetaMessages.NoConvergence("REML")),
                     ("MetaMessages.SubgroupModel", MetaMessages.SubgroupModel("x")),
                     ("EvidenceMessages.NoReportedEffect", EvidenceMessages.NoReportedEffect("SMD")),
                     ("EvidenceMessages.NoVisitForMonth", EvidenceMessages.NoVisitForMonth(6)),
                     ("CellLabMessages.I3ChainBreak", CellLabMessages.I3ChainBreak("ward 3", "ISSUED")),
                     ("InstrumentMessages.UnknownItem", InstrumentMessages.UnknownItem("P9", "KOOS")),
                     ("InstrumentMessages.ItemTwice", InstrumentMessages.ItemTwice("P1")),
                     ("InstrumentMessages.VasBothUnits", InstrumentMessages.VasBothUnits),
                     ("InstrumentMessages.RomBothWays", InstrumentMessages.RomBothWays),
                     ("InstrumentMessages.VasMissing", InstrumentMessages.VasMissing),
                     ("InstrumentMessages.RomMissing", InstrumentMessages.RomMissing(3)),
                     ("InstrumentMessages.TooFewAnswered", InstrumentMessages.TooFewAnswered(3, 5, 9)),
                     ("InstrumentMessages.AllRequired", InstrumentMessages.AllRequired(3, 9)),
                     ("InstrumentMessages.DependsOnInvalid", InstrumentMessages.DependsOnInvalid("pain")),
                     ("InstrumentMessages.RelativeUndefined", InstrumentMessages.RelativeUndefined),
                     ("InstrumentMessages.ResponderUndetermined", InstrumentMessages.ResponderUndetermined("pain")),
                     ("InstrumentMessages.BaselineMissing", InstrumentMessages.BaselineMissing),
                     ("InstrumentMessages.ResponderReason.High", InstrumentMessages.ResponderReason(true, 0, 2)),
                     ("InstrumentMessages.ResponderReason.Moderate", InstrumentMessages.ResponderReason(false, 2, 2)),
                     ("InstrumentMessages.ResponderReason.Not", InstrumentMessages.ResponderReason(false, 1, 2)),
                     ("EvidenceMessages.DuplicateArm", EvidenceMessages.DuplicateArm("PRP")),
                     ("EvidenceMessages.UnknownArm", EvidenceMessages.UnknownArm("PRP")),
                     ("EvidenceMessages.OutcomeNAboveArm", EvidenceMessages.OutcomeNAboveArm(40)),
                     ("FollowUpMessages.AfterFollowUpEnded", OrthoRegen.FollowUp.FollowUpMessages.AfterFollowUpEnded(new DateOnly(2026, 3, 1))),
                     ("FollowUpMessages.ResponseIsOtherInstrument", OrthoRegen.FollowUp.FollowUpMessages.ResponseIsOtherInstrument("KOOS")),
                     ("PortalMessages.ExpiryTooLate", PortalMessages.ExpiryTooLate(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero))),
                     ("SafetyMessages.DiffersFromAdministration", OrthoRegen.Safety.SafetyMessages.DiffersFromAdministration("route", "INTRADISCAL")),
                     ("SafetyMessages.FollowUpAlreadyClosed", OrthoRegen.Safety.SafetyMessages.FollowUpAlreadyClosed("dr.kim")),
                 })
            data.Add(name, text);
        return data;
    }

    static readonly HashSet<string> WorkspaceMetaNotes =
        ["EggerTooFew", "TrimFillTooFew", "TrimFillEqualSe", "TrimFillNoConvergence", "OneSubgroup", "ConstantModerator", "RedundantModerator"];

    static readonly HashSet<string> WorkspaceEvidenceNotes =
    [
        "NoOutcome", "NoControl", "NoTreatment", "WrongKindContinuous", "WrongKindBinary", "TooFewStudies", "NeedThreeStudies", "NoDoseVariation",
        "OneSubgroupLevel", "ClinicNeedsMonth", "ClinicNeedsComparison", "ClinicTooFew", "ClinicNoSpread", "ClinicNoThreshold", "ClinicNoContrast",
        "UnknownComparison",
    ];

    [Theory, MemberData(nameof(NoteTexts))]
    public void EveryNoteShownUnderATableOrChart_IsTranslated(string source, string english)
    {
        foreach (var culture in Languages)
            Assert.True(In(culture, english) != english, $"{source} has no {culture} wording in tools/ui/reasons.py: {english}");
    }

    [Fact]
    public void ThePortalLinkSummary_OnTheStaffPage_IsTranslated()
    {
        var summary = new PortalLinkMessage("L1", "P1", "patient@example.org", "en", ["M3", "M6"], DateTimeOffset.Parse("2026-12-01T08:00:00Z", CultureInfo.InvariantCulture), "https://x/p/abc").Summary;
        Assert.Equal("已为访视 M3, M6 签发门户链接，有效期至 2026-12-01 08:00 UTC", In("zh-CN", summary));
    }

    // ---- the page --------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task TheLotPage_InChinese_ShowsTheReleaseReasonsInChinese()
    {
        var server = f.Server;
        var physician = await server.SignInAsAsync("l10n.physician", [Roles.Physician]);
        var (patientId, _) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-L10N-1");
        var tech = new Actor("t-l10n", "lab.tech", [Roles.CellLab], true, [], "test set-up");
        var analyst = new Actor("a-l10n", "qc.analyst", [Roles.CellLab], true, [], "test set-up");
        var lot = await PathwaySetUp.QcPassedLotAsync(server.Services.GetRequiredService<CollectionStore>(), server.Services.GetRequiredService<LotStore>(),
            tech, analyst, patientId, "OR-L10N-1", DateTimeOffset.UtcNow);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/lab/lots/{lot.Id}");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var response = await physician.SendAsync(request);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, html);

        Assert.Contains("鉴别标志物符合规格。", html);                  // Q1
        Assert.Contains("活率：符合规格。", html);                       // Q2
        Assert.Contains("所有放行检测均合格。", html);                   // Q8
        Assert.Matches("剂量分级 (LOW|MEDIUM|HIGH)（分析标签；以活细胞数代替总细胞数）。", html); // Q9 keeps its code
        Assert.Contains("未见微生物", html);                             // a specification
        foreach (var english in new[] { "within specification", "Every release test passed", "no organisms seen", "Dose tier", "analysis label" })
            Assert.DoesNotContain(english, html);
    }
    [Fact]
    public async Task TheLeadList_ShowsAKoreanPatientsReasons_InTheStaffPagesChinese()
    {
        var server = f.Server;
        var submitted = await server.Anonymous().PostAsJsonAsync("/api/prescreen?culture=ko&ui-culture=ko", new
        {
            targetSite = "KNEE_R", painNrs = 6, symptomDurationMonths = 3, triedTreatments = Array.Empty<string>(), canAttendFollowup24m = true, budgetAwareSelfPay = true,
            contactMe = true, contactName = "Park L10n", contactEmail = "park.l10n@example.org", preferredLanguage = "ko",
        });
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());

        var coordinator = await server.SignInAsAsync("l10n.coordinator", [Roles.Coordinator]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/leads");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var html = System.Net.WebUtility.HtmlDecode(await (await coordinator.SendAsync(request)).Content.ReadAsStringAsync());
        var at = html.IndexOf("Park L10n", StringComparison.Ordinal);
        Assert.True(at >= 0, "the lead is not listed");
        var row = html[html.LastIndexOf("<tr>", at, StringComparison.Ordinal)..at];
        Assert.Contains("您的关节炎分期尚不清楚", row);                       // C1.Missing in the page's language
        Assert.Contains("您尚未尝试常规的一线治疗", row);                     // C2.NoneFailed
        Assert.DoesNotMatch("[\uAC00-\uD7A3]", row);                          // no Korean sentence the patient read
    }
}

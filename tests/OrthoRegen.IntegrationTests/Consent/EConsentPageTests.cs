using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Consent;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Consent;

public sealed class EConsentPagesOnSqliteTests(SqliteServerFixture f) : EConsentPageTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class EConsentPagesOnPostgresTests(PostgresServerFixture f) : EConsentPageTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>
/// The e-consent pages on a real server: the start form on the patient chart (antiforgery), the tablet view without
/// staff navigation walking read → checkpoints (a wrong answer shows the explanation) → signature, and the printable
/// record with the exact stored text, its hash and the signature SVG; then the withdrawal the same way.
/// </summary>
public abstract partial class EConsentPageTests(OrthoRegenServer server)
{
    static int _n;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _n)}";
    const string Signature = "M40 120 L80 60 L120 140 L160 70 L200 130 M260 100 L300 90 L360 110 L420 80";

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient c, string url, Dictionary<string, string> fields)
    {
        var html = await c.GetStringAsync(url);
        fields["__RequestVerificationToken"] = AntiforgeryField().Match(html).Groups[1].Value;
        return await c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Where a form post sent the browser (the test client follows the redirect; the final address is the answer).</summary>
    static string Location(HttpResponseMessage r)
    {
        if (r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            return r.Headers.Location!.IsAbsoluteUri ? r.Headers.Location.PathAndQuery : r.Headers.Location.OriginalString;
        Assert.True(r.StatusCode == HttpStatusCode.OK && r.RequestMessage!.Method == HttpMethod.Get,
            $"{r.StatusCode} {r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: no redirect after the post");
        return r.RequestMessage!.RequestUri!.PathAndQuery;
    }

    static Dictionary<string, string> StartFields(string language = "ko", string? cost = "3500000") => new()
    {
        ["_handler"] = "econsent-start", ["Start.FormKey"] = "TREATMENT|1.0", ["Start.Language"] = language, ["Start.Pathway"] = "ROUTINE_CARE",
        ["Start.Signer"] = "PATIENT", ["Start.Witness"] = "RN Choi", ["Start.SelfPayCostKrw"] = cost ?? "",
    };

    async Task<(HttpClient Staff, string PatientId, string TabletUrl)> StartAsync(string language = "ko")
    {
        var staff = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var patientId = await OrthoRegenServer.RegisterPatientAsync(staff, "Kim", "Minji", Unique("MRN-EC-"));
        var tablet = Location(await PostFormAsync(staff, $"/patients/{patientId}", StartFields(language)));
        return (staff, patientId, tablet);
    }

    static string SessionId(string tabletUrl) => TabletUrl().Match(tabletUrl).Groups[1].Value;

    static ConsentDocument Document(string language) => ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Render(language, false, 3_500_000);

    async Task AnswerAllAsync(HttpClient staff, string tabletUrl, string language)
    {
        foreach (var c in Document(language).Checkpoints)
            Location(await PostFormAsync(staff, tabletUrl + "&step=questions", new()
            {
                ["_handler"] = "checkpoint", ["Answer.CheckpointId"] = c.Id, ["Answer.Choice"] = c.Correct.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
    }

    [Fact]
    public async Task StartForm_NeedsAntiforgery_ValidatesCost_AndOpensTheTabletInTheChosenLanguage()
    {
        var staff = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var patientId = await OrthoRegenServer.RegisterPatientAsync(staff, mrn: Unique("MRN-EC-"));
        var chart = await staff.GetStringAsync($"/patients/{patientId}");
        Assert.Contains("name=\"_handler\" value=\"econsent-start\"", chart);

        var noToken = await staff.PostAsync($"/patients/{patientId}", new FormUrlEncodedContent(StartFields()));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var noCost = await PostFormAsync(staff, $"/patients/{patientId}", StartFields(cost: null));
        var noCostHtml = await noCost.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, noCost.StatusCode);
        Assert.Contains("id=\"err-selfPayCostKrw\"", noCostHtml);

        var tablet = Location(await PostFormAsync(staff, $"/patients/{patientId}", StartFields("zh-CN")));
        Assert.Matches(TabletUrl(), tablet);
        Assert.EndsWith("?culture=zh-CN", tablet);
        var html = await staff.GetStringAsync(tablet);
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains(Document("zh-CN").Sections[0].Text, html);

        // A researcher reads the chart but gets no start form, and cannot post it.
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        Assert.DoesNotContain("econsent-start", await researcher.GetStringAsync($"/patients/{patientId}"));
        var denied = await researcher.GetAsync(tablet);
        Assert.Equal("/denied", denied.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain("data-step", await denied.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tablet_HasNoStaffNavigation_WrongAnswerExplains_SignatureRequired_ThenConfirmationOnly()
    {
        var (staff, patientId, tablet) = await StartAsync();
        var read = await staff.GetStringAsync(tablet);
        Assert.Contains("data-step=\"read\"", read);
        Assert.DoesNotContain("<nav", read);
        Assert.DoesNotContain("href=\"/patients", read);
        Assert.DoesNotContain("/account/logout", read);
        Assert.DoesNotContain("Kim", read);                        // no patient identity on the tablet
        Assert.DoesNotContain("signature.js", read);               // the script only on the signing step
        var doc = Document("ko");
        foreach (var s in doc.Sections) Assert.Contains(s.Heading, read);
        Assert.Contains("3,500,000", read);

        var risks = doc.Checkpoints.Single(c => c.Id == "risks");
        var wrong = (risks.Correct + 1) % risks.Options.Count;
        var after = Location(await PostFormAsync(staff, tablet + "&step=questions", new()
        {
            ["_handler"] = "checkpoint", ["Answer.CheckpointId"] = "risks", ["Answer.Choice"] = wrong.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        var explained = await staff.GetStringAsync(after);
        Assert.Contains("data-wrong=\"risks\"", explained);
        Assert.Contains(WebUtility.HtmlEncode(risks.Explanation), explained);
        Assert.Contains(doc.Sections.Single(s => s.Id == "risks").Text, explained);
        Assert.Contains("data-checkpoint=\"risks\"", explained);   // the same question again

        await AnswerAllAsync(staff, tablet, "ko");
        var sign = await staff.GetStringAsync(tablet);
        Assert.Contains("data-signature-pad", sign);
        Assert.Matches(SignatureScript(), sign);
        Assert.DoesNotMatch(InlineScript(), sign);
        Assert.Matches(DisabledSubmit(), sign);                    // without the script nothing can be signed

        var noSignature = await PostFormAsync(staff, tablet, new() { ["_handler"] = "sign", ["Signing.TypedName"] = "김민지", ["Signing.Signature"] = "" });
        Assert.Equal(HttpStatusCode.OK, noSignature.StatusCode);
        Assert.Contains(Ui("EcErrSignature", "ko"), await noSignature.Content.ReadAsStringAsync());
        Assert.Equal("[]", await staff.GetStringAsync($"/api/patients/{patientId}/econsent/records"));

        var done = Location(await PostFormAsync(staff, tablet, new() { ["_handler"] = "sign", ["Signing.TypedName"] = "김민지", ["Signing.Signature"] = Signature }));
        var confirmation = await staff.GetStringAsync(done);
        Assert.Contains("data-step=\"done\"", confirmation);
        Assert.Contains(Ui("EcHandBack", "ko"), confirmation);
        Assert.DoesNotContain("김민지", confirmation);
        Assert.DoesNotContain("<form", confirmation);
    }

    [Fact]
    public async Task RecordPage_ShowsTheExactStoredTextHashAnswersAndSignatureSvg_ResearcherSeesNoSignature_ThenWithdrawal()
    {
        var (staff, patientId, tablet) = await StartAsync();
        var doc = Document("ko");
        var evidence = doc.Checkpoints.Single(c => c.Id == "evidence");
        await PostFormAsync(staff, tablet + "&step=questions", new() { ["_handler"] = "checkpoint", ["Answer.CheckpointId"] = "evidence", ["Answer.Choice"] = ((evidence.Correct + 1) % 3).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await AnswerAllAsync(staff, tablet, "ko");
        Location(await PostFormAsync(staff, tablet, new() { ["_handler"] = "sign", ["Signing.TypedName"] = "김민지", ["Signing.Signature"] = Signature }));

        var records = JsonDocument.Parse(await staff.GetStringAsync($"/api/patients/{patientId}/econsent/records")).RootElement;
        var recordId = records[0].GetProperty("id").GetString()!;
        var chart = await staff.GetStringAsync($"/patients/{patientId}");
        Assert.Contains($"href=\"/patients/{patientId}/econsent/{recordId}\"", chart);

        var page = await staff.GetStringAsync($"/patients/{patientId}/econsent/{recordId}");
        var stored = WebUtility.HtmlDecode(StoredText().Match(page).Groups[1].Value);
        Assert.Equal(doc.Text, stored);
        Assert.Contains(doc.Sha256, page);
        Assert.Contains("data-intact=\"true\"", page);
        Assert.Contains("data-checkpoint=\"evidence\" data-attempts=\"2\"", page);
        Assert.Contains("김민지", page);
        Assert.Contains($"<path d=\"{Signature}\"", page);
        Assert.Contains("data-withdrawal=\"none\"", page);

        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        var pseudonymised = await researcher.GetStringAsync($"/patients/{patientId}/econsent/{recordId}");
        Assert.Contains("data-signature=\"withheld\"", pseudonymised);
        Assert.DoesNotContain("김민지", pseudonymised);
        Assert.DoesNotContain("<path", pseudonymised);
        Assert.Equal(doc.Text, WebUtility.HtmlDecode(StoredText().Match(pseudonymised).Groups[1].Value));

        var sites = server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>();
        await sites.EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await server.SignInAsAsync(Unique("busan"), ["Physician"], "BUSAN");
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/patients/{patientId}/econsent/{recordId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync(tablet)).StatusCode);

        // Withdrawal: started on the chart, read and signed on the tablet, shown on the original record.
        var consentId = records[0].GetProperty("consentId").GetString()!;
        var withdrawTablet = Location(await PostFormAsync(staff, $"/patients/{patientId}", new()
        {
            ["_handler"] = "econsent-withdraw", ["Withdraw.ConsentId"] = consentId, ["Withdraw.Language"] = "en", ["Withdraw.Signer"] = "PATIENT",
        }));
        var statement = await staff.GetStringAsync(withdrawTablet);
        Assert.Contains("data-step=\"withdraw\"", statement);
        Assert.Contains("I withdraw my consent to this treatment.", statement);
        Location(await PostFormAsync(staff, withdrawTablet, new() { ["_handler"] = "sign", ["Signing.TypedName"] = "Minji Kim", ["Signing.Signature"] = Signature }));
        var withdrawn = await staff.GetStringAsync($"/patients/{patientId}/econsent/{recordId}");
        Assert.Matches(WithdrawalSection(), withdrawn);
        Assert.Contains("I withdraw my consent to this treatment.", withdrawn);
        Assert.DoesNotContain("econsent-withdraw", await staff.GetStringAsync($"/patients/{patientId}")); // nothing left to withdraw
    }

    static string Ui(string key, string culture) =>
        WebUtility.HtmlEncode(new System.Resources.ResourceManager("OrthoRegen.Web.Resources.Ui", typeof(OrthoRegen.Web.Ui).Assembly).GetString(key, new System.Globalization.CultureInfo(culture))!);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")] private static partial Regex AntiforgeryField();
    [GeneratedRegex("^/consent/tablet/([0-9a-z]+)\\?culture=")] private static partial Regex TabletUrl();
    [GeneratedRegex("<pre class=\"ec-stored-text\" lang=\"[a-zA-Z-]+\" data-stored-text>(.*?)</pre>", RegexOptions.Singleline)] private static partial Regex StoredText();
    [GeneratedRegex("<script src=\"signature\\.[a-z0-9]+\\.js\" defer>")] private static partial Regex SignatureScript();
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")] private static partial Regex InlineScript();
    [GeneratedRegex("<button type=\"submit\" class=\"primary big\" data-signature-submit disabled")] private static partial Regex DisabledSubmit();
    [GeneratedRegex("data-withdrawal=\"[0-9a-f]{32}\"")] private static partial Regex WithdrawalSection();
}

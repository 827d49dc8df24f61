using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// Issue 9, hostile and malformed input for every server-rendered form: the forms are found in the Razor sources
/// (<see cref="HostileForms.Declared"/>), each gets a valid post from <see cref="FormExamples"/> on a page fetched for a
/// fresh antiforgery token, and seeded bad variants of each field and of the whole post. Expected: never a 5xx or a
/// server exception; a must-refuse variant is answered with a 400 or the form again with a message naming the field,
/// and all of them together leave every table's row count and the audit chain head unchanged; the valid post is accepted;
/// script payloads never come back unescaped. Bounded by ORTHOREGEN_HOSTILE_FORM_COUNT variants per form (default 16):
/// every must-refuse variant is sent, however loaded the machine (a variant skipped for time would be a check not made),
/// and the may-accept variants after them for what is left of ORTHOREGEN_HOSTILE_FORM_SECONDS per engine (default 30);
/// ORTHOREGEN_HOSTILE_SEED picks the draw.
/// </summary>
public sealed partial class HostileFormTests(ITestOutputHelper output)
{
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_HOSTILE_FORM_COUNT"), out var n) ? n : 16;
    public static TimeSpan Budget => TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_HOSTILE_FORM_SECONDS"), out var t) ? t : 30);
    static readonly HashSet<int> RefusalStatuses = [400, 404, 409, 413, 415, 422];

    public static string WebSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "OrthoRegen.Web");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("src/OrthoRegen.Web not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void EveryForm_HasAnExample()
    {
        var declared = HostileForms.Declared(WebSourceRoot()).Select(f => f.Key).ToList();
        Assert.True(declared.Count >= 40, $"only {declared.Count} forms found: {string.Join(", ", declared)}");
        var missing = declared.Where(k => !FormExamples.All.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "forms without an example in FormExamples: " + string.Join(", ", missing));
        var stale = FormExamples.All.Keys.Where(k => !declared.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "examples of forms that no longer exist: " + string.Join(", ", stale));
        var unreachable = FormExamples.All.Where(e => e.Value.NotReachable is not null).ToList();
        // HostileFormWorld and HostileFormStates create every state a form is shown in: none may be left out.
        Assert.True(unreachable.Count == 0, "forms declared unreachable: " + string.Join(", ", unreachable.Select(e => e.Key)));
    }

    sealed record Target(string Key, FormExample Example, HttpClient Client, string PageUrl, string PostUrl, OrthoRegenServer Server);

    sealed record Prepared(Target Target, List<KeyValuePair<string, string>> Valid, IReadOnlyList<RenderedField> Fields);

    [Theory, BothEngines]
    public async Task EveryForm_BadPosts_AreRefusedNamingTheField_AndWriteNothing(DatabaseProvider engine)
    {
        var clock = Stopwatch.StartNew();
        await using var server = await OrthoRegenServer.StartAsync(engine, new Dictionary<string, string?> { ["PreScreening:SubmissionsPerHour"] = "1000000" });
        using var exceptions = new ServerExceptions(server.BaseAddress.Port);
        // The forms shown only on an empty database (the demo) get a second server of their own, started meanwhile.
        var emptyStart = OrthoRegenServer.StartAsync(engine);
        var world = await HostileFormWorld.CreateAsync(server);
        await using var empty = await emptyStart;
        using var emptyExceptions = new ServerExceptions(empty.BaseAddress.Port);
        var servers = new[] { server, empty };
        var generator = new HostileForms(HostileApiTests.Seed);
        world.Values["totp"] = "000000"; // a wrong code until the valid post draws the current one
        var failures = new List<string>(world.Problems);
        var anonymous = server.Anonymous();
        var targets = new List<Target>();
        var fresh = 0;
        foreach (var (key, example) in FormExamples.All.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (example.NotReachable is not null) continue;
            var client = example.Caller switch
            {
                FormCaller.EmptyDatabaseAdmin => await empty.AdminAsync(),
                FormCaller.Anonymous => anonymous,
                FormCaller.FreshPhysician => await server.SignInAsAsync($"hostile.form{Interlocked.Increment(ref fresh)}", ["Physician"]),
                FormCaller.SecondFactor => await HostileFormStates.AtTheCodeStepAsync(server, HostileFormWorld.SecondFactorUser),
                _ => world.Staff,
            };
            var page = WriteRouteExamples.Fill(example.Url, world.Values);
            var action = key.Contains("#action:", StringComparison.Ordinal) ? key[(key.IndexOf("#action:", StringComparison.Ordinal) + 8)..] : page;
            targets.Add(new(key, example, client, page, action, example.Caller == FormCaller.EmptyDatabaseAdmin ? empty : server));
        }
        output.WriteLine($"seed {generator.Seed}, {Count} variants per form, budget {Budget.TotalSeconds} s; {targets.Count} forms; set-up took {clock.Elapsed.TotalSeconds:F1} s ({string.Join(", ", world.Timings)})");
        var deadline = clock.Elapsed + Budget;

        // Phase 1: the must-refuse variants of every form, against the untouched records.
        var plans = new List<(Prepared Form, HostileFormPost Post)>();
        foreach (var t in targets)
        {
            var prepared = await PrepareAsync(t, world.Values, failures);
            if (prepared is null) continue;
            plans.AddRange(generator.For(prepared.Valid, prepared.Fields, Count, t.Key).Select(p => (prepared, p)));
        }
        var before = new List<DatabaseSnapshot>();
        var lastSeq = new List<long>();
        foreach (var s in servers)
        {
            before.Add(await DatabaseSnapshot.TakeAsync(s));
            Assert.True(before[^1].AuditBroken is null, before[^1].AuditBroken);
            lastSeq.Add(await LastAuditSeqAsync(s));
        }
        var mustRefuse = plans.Where(p => p.Post.MustReject).ToList();
        var sent1 = 0;
        foreach (var (form, post) in mustRefuse)
        {
            var problem = await SendAsync(form.Target, post, mustRefuse: true);
            sent1++;
            if (problem is not null) failures.Add($"{form.Target.Key} [{post.Kind} @ {post.Field}] {problem}");
        }
        for (var i = 0; i < servers.Length; i++)
        {
            var after = await DatabaseSnapshot.TakeAsync(servers[i]);
            // A refused post renders the page again, and showing a patient's page is audited as a read (and an outcomes page
            // logs its analysis run): those rows are expected; any other new row or audit action is a write that got through.
            failures.AddRange(after.DifferencesFrom(before[i]).Where(d => !ReadSideTables.Any(t => d.StartsWith(t + ":", StringComparison.Ordinal)))
                .Select(d => "row count changed by bad form posts: " + d));
            failures.AddRange((await AuditSinceAsync(servers[i], lastSeq[i])).Where(a => a.Action is not (AuditAction.Read or AuditAction.Denied))
                .Select(a => $"bad form posts were audited as {a.Action} {a.Entity} (the audit chain moved by a write)"));
        }

        // Phase 2: the valid post of every form is accepted (so the refusals above were about the changed field).
        var accepted = 0;
        foreach (var t in targets.OrderBy(t => t.Example.ValidPostLast)) // stable: key order otherwise
        {
            if (t.Example.Caller == FormCaller.SecondFactor) world.Values["totp"] = await server.TotpCodeAsync(HostileFormWorld.SecondFactorUser);
            var prepared = await PrepareAsync(t, world.Values, failures, "valid post");
            if (prepared is null) continue;
            var body = HostileForms.Encode(prepared.Valid);
            using var response = await PostAsync(t, body, HostileForms.UrlEncoded);
            var html = await response.Content.ReadAsStringAsync();
            var refused = (int)response.StatusCode >= 400 || IsRedirect(response) && IsErrorRedirect(response) || !IsRedirect(response) && ShowsErrors(html);
            if ((int)response.StatusCode >= 500) failures.Add($"{t.Key} [valid post] {(int)response.StatusCode}: {Shorten(html)}");
            else if (t.Example.ValidIsRefused is { } why)
            {
                // Refused by design: the refusal must be the intended one, not one caused by an incomplete example.
                var shown = html + " " + response.Headers.Location?.OriginalString + " " + response.RequestMessage?.RequestUri?.PathAndQuery;
                if (!refused) failures.Add($"{t.Key} [valid post] accepted although the example says it is refused ({why})");
                else if (t.Example.RefusedWith is null || !shown.Contains(t.Example.RefusedWith, StringComparison.Ordinal))
                    failures.Add($"{t.Key} [valid post] refused ({(int)response.StatusCode}), but not with '{t.Example.RefusedWith}' ({why}): {AllErrors(html)} {response.Headers.Location} {response.RequestMessage?.RequestUri?.PathAndQuery}");
            }
            else if (refused) failures.Add($"{t.Key} [valid post] refused ({(int)response.StatusCode}): {AllErrors(html)} {response.Headers.Location}");
            else accepted++;
        }

        // Phase 3: what may be legitimate (text payloads, missing, duplicate and unknown fields) never fails the server.
        var mayAccept = plans.Where(p => !p.Post.MustReject).ToList();
        var sent3 = 0;
        foreach (var (form, post) in mayAccept)
        {
            if (clock.Elapsed > deadline) break;
            var problem = await SendAsync(form.Target, post, mustRefuse: false);
            sent3++;
            if (problem is not null) failures.Add($"{form.Target.Key} [{post.Kind} @ {post.Field}] {problem}");
        }
        foreach (var s in servers)
        {
            var final = await DatabaseSnapshot.TakeAsync(s);
            if (final.AuditBroken is not null) failures.Add("audit chain broken after the run: " + final.AuditBroken);
        }
        failures.AddRange(exceptions.Seen.Concat(emptyExceptions.Seen).Select(e => "server exception: " + e));

        output.WriteLine($"{engine}: {targets.Count} forms; sent {sent1} of {mustRefuse.Count} must-refuse and {sent3} of {mayAccept.Count} may-accept variants; " +
                         $"{accepted} valid posts accepted; {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"seed {generator.Seed}: {failures.Count} failures\n" + string.Join("\n", failures.Distinct().Take(80)));
    }

    /// <summary>Fetches the page, finds the form and builds its valid post (rendered values, then the example's values).</summary>
    static async Task<Prepared?> PrepareAsync(Target t, IReadOnlyDictionary<string, string> values, List<string>? failures, string when = "bad posts")
    {
        using var response = await t.Client.GetAsync(t.PageUrl);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures?.Add($"{t.Key} [{when}]: GET {t.PageUrl} answered {(int)response.StatusCode} {response.Headers.Location}");
            return null;
        }
        var forms = HostileForms.Parse(html);
        var handler = t.Example.Handler is null ? null : WriteRouteExamples.Fill(t.Example.Handler, values);
        var form = handler is not null ? forms.FirstOrDefault(f => f.Handler == handler) : forms.FirstOrDefault(f => f.Action == t.PostUrl);
        if (form is null)
        {
            failures?.Add($"{t.Key} [{when}]: the page {t.PageUrl} renders no form '{handler ?? t.PostUrl}' (forms: {string.Join(", ", forms.Select(f => f.Handler ?? f.Action))})");
            return null;
        }
        var token = form.Antiforgery ?? forms.Select(f => f.Antiforgery).FirstOrDefault(a => a is not null);
        var pairs = new List<KeyValuePair<string, string>>();
        if (handler is not null) pairs.Add(new("_handler", handler));
        if (token is not null) pairs.Add(new("__RequestVerificationToken", token));
        var overrides = (t.Example.Values ?? []).ToDictionary(p => p.Key, p => WriteRouteExamples.Fill(p.Value, values));
        var blank = t.Example.Blank is null ? null : new Regex(t.Example.Blank);
        foreach (var f in form.Fields)
        {
            var value = overrides.Remove(f.Name, out var o) ? o : blank?.IsMatch(f.Name) == true ? "" : f.Value.Length > 0 ? f.Value : Filler(f, values);
            if (f.Kind == FieldKind.Flag && value.Length == 0) continue; // an unchecked box is not posted
            pairs.Add(new(f.Name, value));
        }
        pairs.AddRange(overrides);
        return new Prepared(t, pairs, form.Fields);
    }

    /// <summary>A plausible value for a field the page rendered empty, so the valid post is complete where it can be.</summary>
    static string Filler(RenderedField f, IReadOnlyDictionary<string, string> values) => f.Kind switch
    {
        FieldKind.Date => values["today"],
        FieldKind.DateTime => values["nowLocal"],
        FieldKind.Number => "1",
        FieldKind.Choice => f.Options.FirstOrDefault(o => o.Length > 0) ?? "",
        FieldKind.Text => "hostile example",
        _ => "",
    };

    static readonly string[] ReadSideTables = ["audit_log", "analysis_runs"];

    static async Task<long> LastAuditSeqAsync(OrthoRegenServer server)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long?>("SELECT max(seq) FROM audit_log") ?? 0;
    }

    static async Task<List<(string Action, string Entity)>> AuditSinceAsync(OrthoRegenServer server, long seq)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        return [.. (await c.QueryAsync<(string, string)>("SELECT action, entity FROM audit_log WHERE seq > @seq ORDER BY seq", new { seq })).Distinct()];
    }

    static async Task<HttpResponseMessage> PostAsync(Target t, byte[] body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, t.PostUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await t.Client.SendAsync(request);
    }

    /// <summary>Null when the answer fits the variant, else what is wrong with it.</summary>
    async Task<string?> SendAsync(Target t, HostileFormPost post, bool mustRefuse)
    {
        HttpResponseMessage response;
        try { response = await PostAsync(t, post.Body, post.ContentType); }
        catch (HttpRequestException e) { return "connection failed: " + e.Message; }
        using (response)
        {
            var status = (int)response.StatusCode;
            var html = await response.Content.ReadAsStringAsync();
            if (status >= 500) return $"{status} server error: {Shorten(html)}";
            if (Unescaped().IsMatch(html)) return $"{status}: a script payload came back unescaped";
            if (!mustRefuse) return status is < 400 or 400 or 404 or 409 or 413 or 415 or 422 ? null : $"unexpected status {status}";
            if (IsRedirect(response)) return IsErrorRedirect(response) ? null : $"accepted (redirect to {response.Headers.Location}) although it must be refused";
            if (status >= 400) return RefusalStatuses.Contains(status) ? null : $"unexpected status {status}: {Shorten(html)}";
            if (!ShowsErrors(html)) return $"{status} without a validation message: accepted although it must be refused";
            if (post.Field is "body" or "_handler" or "__RequestVerificationToken") return null;
            var json = JsonName(post.Field);
            foreach (var (prefix, key) in t.Example.Aliases ?? [])
                if (json == prefix || json.StartsWith(prefix + "[", StringComparison.Ordinal) || json.StartsWith(prefix + ".", StringComparison.Ordinal)) json = key + json[prefix.Length..];
            return html.Contains($"id=\"err-{json}\"", StringComparison.Ordinal) || html.Contains($"<code>{json}</code>", StringComparison.Ordinal)
                ? null
                : $"the message does not name '{json}': {ErrorText(html)}";
        }
    }

    static bool IsRedirect(HttpResponseMessage r) => (int)r.StatusCode is 301 or 302 or 303 or 307 or 308;

    /// <summary>A sign-in form refuses by redirecting back to the login page with an error in the query.</summary>
    static bool IsErrorRedirect(HttpResponseMessage r) => r.Headers.Location?.OriginalString.Contains("error=", StringComparison.OrdinalIgnoreCase) == true;

    static bool ShowsErrors(string html) => html.Contains("class=\"field-error\"", StringComparison.Ordinal) || html.Contains("class=\"error-summary\"", StringComparison.Ordinal);

    /// <summary>"Form.HeightCm" → "heightCm", "Form.Imaging[0].KlGrade" → "imaging[0].klGrade": the key Core's errors use.</summary>
    public static string JsonName(string field)
    {
        var dot = field.IndexOf('.');
        var path = dot < 0 ? field : field[(dot + 1)..];
        return string.Join(".", path.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));
    }

    static string ErrorText(string html)
    {
        var m = ErrorBlock().Match(html);
        return m.Success ? Shorten(Regex.Replace(m.Value, "<[^>]+>", " ")) : "(no message)";
    }

    /// <summary>Every message the page shows: the summary's items and each field's message.</summary>
    static string AllErrors(string html)
    {
        var blocks = ErrorSection().Matches(html).Select(m => m.Value).Concat(FieldError().Matches(html).Select(m => m.Value));
        var text = string.Join(" | ", blocks.Select(b => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(b, "<[^>]+>", " ")), "\\s+", " ").Trim()).Distinct());
        return text.Length == 0 ? "(no message)" : text.Length <= 600 ? text : text[..600] + "…";
    }

    static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";

    [GeneratedRegex("<script>alert\\(1\\)</script>|<img src=x onerror=alert\\(1\\)>")] private static partial Regex Unescaped();
    [GeneratedRegex("<(div|section) class=\"error-summary\".*?</\\1>", RegexOptions.Singleline)] private static partial Regex ErrorSection();
    [GeneratedRegex("<span class=\"field-error\".*?</span>", RegexOptions.Singleline)] private static partial Regex FieldError();
    [GeneratedRegex("<div class=\"error-summary\".*?</div>|<span class=\"field-error\".*?</span>", RegexOptions.Singleline)] private static partial Regex ErrorBlock();
}

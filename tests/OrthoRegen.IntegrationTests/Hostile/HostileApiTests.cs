using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// Issue 9, hostile and malformed input: every write route of the API (from the app's own route table) gets bad variants of
/// a valid example (<see cref="HostileInputs"/>). Nothing may fail with a 5xx or an exception; every refusal is a problem
/// detail whose errors name the changed field (or, for an unreadable body, a clear title); and the bad requests leave
/// every table's row count and the audit chain as they were. Bounded by ORTHOREGEN_HOSTILE_COUNT variants per route
/// (default 40) and ORTHOREGEN_HOSTILE_SECONDS per engine (default 90); ORTHOREGEN_HOSTILE_SEED picks the draw.
/// </summary>
public sealed class HostileApiTests(ITestOutputHelper output)
{
    static readonly HashSet<int> RefusalStatuses = [400, 404, 409, 413, 415, 422];

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_HOSTILE_SEED"), out var s) ? s : 20260909;
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_HOSTILE_COUNT"), out var n) ? n : 40;
    public static TimeSpan Budget => TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_HOSTILE_SECONDS"), out var t) ? t : 90);

    /// <summary>"METHOD /pattern" of every API route that writes.</summary>
    static List<string> WriteRoutes(OrthoRegenServer server) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(x => x.m is "POST" or "PUT" or "PATCH" or "DELETE" && x.Item2.StartsWith("/api/", StringComparison.Ordinal))
            .Select(x => $"{x.m} {x.Item2.TrimEnd('/')}").Distinct().Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task EveryWriteRoute_HasAnExample()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
        var routes = WriteRoutes(server);
        Assert.True(routes.Count >= 60, $"only {routes.Count} write routes found");
        var missing = routes.Where(r => !WriteRouteExamples.All.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "write routes without an example: " + string.Join(", ", missing));
        var stale = WriteRouteExamples.All.Keys.Where(k => !routes.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "examples of routes that no longer exist: " + string.Join(", ", stale));
    }

    [Theory, BothEngines]
    public async Task EveryWriteRoute_BadInput_IsRefusedNamingTheField_AndWritesNothing(DatabaseProvider engine)
    {
        var clock = Stopwatch.StartNew();
        // The public pre-screening's per-address limit would otherwise answer most variants with 429 before validation.
        await using var server = await OrthoRegenServer.StartAsync(engine, new Dictionary<string, string?> { ["PreScreening:SubmissionsPerHour"] = "1000000" });
        using var exceptions = new ServerExceptions(server.BaseAddress.Port);
        var world = await HostileWorld.CreateAsync(server);
        var generator = new HostileInputs(Seed);
        output.WriteLine($"seed {Seed}, {Count} variants per route, budget {Budget.TotalSeconds} s; set-up took {clock.Elapsed.TotalSeconds:F1} s");

        var plans = new List<(string Route, string Path, HostileInput Input)>();
        foreach (var route in WriteRoutes(server))
        {
            var example = WriteRouteExamples.All[route];
            if (WriteRouteExamples.TakeNoInput.Contains(route)) continue;
            var path = WriteRouteExamples.Fill(example.Path, world.Values);
            var body = route == "POST /api/fhir" ? world.FhirBundle
                : example.ContentType == "text/csv" ? world.StudiesCsv
                : example.Body is null ? "" : WriteRouteExamples.Fill(example.Body, world.Values);
            var variants = route.Contains('{') ? PathVariants(example, body, world.Values).ToList() : [];
            if (example.ContentType == "text/csv") variants.AddRange(generator.ForCsv(body, Count, route).Select(v => (path, v)));
            else if (route == "POST /api/fhir")
                // A FHIR resource carries many elements the registry does not map (other identifiers, extensions): a wrong
                // type there may be ignored. What must be refused is what cannot be read: bad UTF-8, duplicate keys, broken JSON.
                variants.AddRange(generator.For(JsonNode.Parse(body)!, Count, route)
                    .Select(v => (path, v.Field == "body" || v.Kind is "duplicate key" or "invalid UTF-8 in string" ? v : v with { MustReject = false })));
            else if (example.Body is not null) variants.AddRange(generator.For(JsonNode.Parse(body)!, Count, route).Select(v => (path, v)));
            // Path variants first (few), then the body variants, up to the count per route.
            foreach (var (p, v) in variants.Take(Math.Max(Count, 1))) plans.Add((route, p, v));
        }
        var mustReject = RoundRobin(plans.Where(p => p.Input.MustReject));
        var mayAccept = RoundRobin(plans.Where(p => !p.Input.MustReject));
        var deadline = clock.Elapsed + Budget;
        var failures = new List<string>();

        // Phase 1: what must be refused is refused, and nothing is written (not even an audit row).
        var before = await DatabaseSnapshot.TakeAsync(server);
        var sent1 = await SendAllAsync(world, mustReject, clock, deadline - TimeSpan.FromSeconds(Budget.TotalSeconds / 3), failures);
        var after = await DatabaseSnapshot.TakeAsync(server);
        Assert.True(before.AuditBroken is null, before.AuditBroken);
        failures.AddRange(after.DifferencesFrom(before).Select(d => "row count changed by bad requests: " + d));
        if (after.AuditHead != before.AuditHead) failures.Add($"audit chain moved from {before.AuditHead} to {after.AuditHead} ({before.AuditRows} → {after.AuditRows} rows)");

        // Phase 2: what may be legitimate (boundaries, nulls, missing fields, script and SQL text) never fails the server.
        var sent2 = await SendAllAsync(world, mayAccept, clock, deadline, failures);
        var final = await DatabaseSnapshot.TakeAsync(server);
        if (final.AuditBroken is not null) failures.Add("audit chain broken after the run: " + final.AuditBroken);
        if (final.RowCounts.GetValueOrDefault("patients") < before.RowCounts.GetValueOrDefault("patients")) failures.Add("patients lost rows");
        failures.AddRange(exceptions.Seen.Select(e => "server exception: " + e));

        output.WriteLine($"{engine}: {plans.Select(p => p.Route).Distinct().Count()} routes; sent {sent1} of {mustReject.Count} must-reject and " +
                         $"{sent2} of {mayAccept.Count} may-accept variants in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"seed {Seed}: {failures.Count} failures\n" + string.Join("\n", failures.OrderBy(f => f.Contains("row count") || f.Contains("audit") || f.Contains("500") ? 0 : 1).Distinct().Take(60)));
        Assert.True(sent1 == mustReject.Count || sent1 >= 20 * plans.Select(p => p.Route).Distinct().Count(),
            $"the time budget allowed only {sent1} of {mustReject.Count} must-reject variants");
    }

    /// <summary>Variant i of every route, then variant i+1…, so a budget cut leaves every route with the same share.</summary>
    static List<(string Route, string Path, HostileInput Input)> RoundRobin(IEnumerable<(string Route, string Path, HostileInput Input)> plans) =>
        plans.GroupBy(p => p.Route).SelectMany(g => g.Select((p, i) => (p, i))).OrderBy(x => x.i).ThenBy(x => x.p.Route, StringComparer.Ordinal)
            .Select(x => x.p).ToList();

    static async Task<int> SendAllAsync(HostileWorld world, List<(string Route, string Path, HostileInput Input)> plans, Stopwatch clock, TimeSpan deadline, List<string> failures)
    {
        var anonymous = world.Server.Anonymous();
        var sent = 0;
        foreach (var (route, path, input) in plans)
        {
            if (clock.Elapsed > deadline) break;
            var client = route.StartsWith("POST /api/session", StringComparison.Ordinal) || route == "POST /api/prescreen" ? anonymous : world.Staff;
            var method = route[..route.IndexOf(' ')];
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(input.Body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(input.ContentType);
            HttpResponseMessage response;
            try { response = await client.SendAsync(request); }
            catch (HttpRequestException e) { failures.Add($"{route} {input}: connection failed: {e.Message}"); continue; }
            sent++;
            var problem = route is "POST /api/session" or "POST /api/session/code" && response.StatusCode == HttpStatusCode.Unauthorized && !input.MustReject
                ? null // a well-formed sign-in with wrong credentials is refused as such
                : Check(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), input);
            if (problem is not null) failures.Add($"{route} [{input.Kind} @ {input.Field}] {problem} <- {input.Preview}");
        }
        return sent;
    }

    /// <summary>Null when the response is acceptable for the variant, else what is wrong with it.</summary>
    public static string? Check(HttpStatusCode code, string? mediaType, string body, HostileInput input)
    {
        var status = (int)code;
        if (status >= 500) return $"{status} server error: {Shorten(body)}";
        if (status < 400) return input.MustReject ? $"accepted ({status}) although it must be refused: {Shorten(body)}" : null;
        if (!RefusalStatuses.Contains(status)) return $"unexpected status {status}: {Shorten(body)}";
        if (mediaType != "application/problem+json") return $"{status} without a problem detail ({mediaType})";
        if (status != 400) return null;
        JsonElement problem;
        try { problem = JsonDocument.Parse(body).RootElement; }
        catch (JsonException) { return "400 whose problem detail is not JSON"; }
        var keys = problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(p => p.Name).ToList() : [];
        if (input.Field == "body")
            return keys.Count > 0 || problem.TryGetProperty("title", out _) ? null : "400 with neither errors nor a title";
        if (keys.Count == 0) return $"400 without errors naming '{input.Field}': {Shorten(body)}";
        // A variant that may be valid can be refused for another field's sake (a state the example no longer fits); it
        // must still name what is wrong. One that must be refused must name the field that was changed.
        if (!input.MustReject) return null;
        return keys.Any(k => Names(k, input.Field)) ? null : $"400 whose errors name [{string.Join(", ", keys)}], not '{input.Field}'";
    }

    /// <summary>An error key names a field when it is the field's path, a path inside it, or the field's container or item list.</summary>
    public static bool Names(string key, string field)
    {
        key = key.TrimStart('$').TrimStart('.');
        if (key.StartsWith("Bundle.", StringComparison.Ordinal)) key = key["Bundle.".Length..]; // FHIR paths start at the resource type
        if (key.Equals(field, StringComparison.OrdinalIgnoreCase)) return true;
        // Questionnaire answers are keyed by item code ("P3"), the name the form shows, not "items.P3".
        if (field.StartsWith("items.", StringComparison.Ordinal) && key == field["items.".Length..]) return true;
        // CSV importers name the line (or row) number and the column.
        var csv = System.Text.RegularExpressions.Regex.Match(field, @"^line (\d+)(?:, column (.+))?$");
        if (csv.Success)
            return key.Contains(csv.Groups[1].Value, StringComparison.Ordinal) && (!csv.Groups[2].Success || key.Contains(csv.Groups[2].Value, StringComparison.OrdinalIgnoreCase))
                   || csv.Groups[2].Success && key.Contains(csv.Groups[2].Value, StringComparison.OrdinalIgnoreCase) && field.StartsWith("line 1,", StringComparison.Ordinal);
        static bool Under(string inner, string outer) => inner.StartsWith(outer, StringComparison.OrdinalIgnoreCase) && inner.Length > outer.Length && inner[outer.Length] is '.' or '[';
        return Under(key, field) || Under(field, key);
    }

    static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";

    /// <summary>Each id in the path replaced by script, SQL, a 4,000-character id, a traversal and zero-width text, with the valid body: always a 404 or a 400.</summary>
    static IEnumerable<(string Path, HostileInput Input)> PathVariants(WriteRouteExamples.Example example, string body, IReadOnlyDictionary<string, string> values)
    {
        string[] hostile = ["'; DROP TABLE patients;--", "<script>alert(1)</script>", new string('9', 4_000), "../../etc/passwd", "\u200B\u202E", "1e309"];
        // (A NUL byte, %00, is refused by Kestrel itself with a bare 400 before any application code runs.)
        var placeholders = System.Text.RegularExpressions.Regex.Matches(example.Path, "{[a-zA-Z]+}").Select(m => m.Value).Distinct().ToList();
        foreach (var p in placeholders)
            foreach (var h in hostile)
            {
                var path = WriteRouteExamples.Fill(example.Path.Replace(p, Uri.EscapeDataString(h), StringComparison.Ordinal), values);
                yield return (path, new HostileInput("hostile id in the path", p.Trim('{', '}'), Encoding.UTF8.GetBytes(body), example.ContentType, true));
            }
    }
}

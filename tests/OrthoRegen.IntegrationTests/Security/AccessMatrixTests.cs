using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Security;

public sealed class AccessMatrixOnSqliteTests(SqliteServerFixture f, ITestOutputHelper output) : AccessMatrixTests(f.Server, output), IClassFixture<SqliteServerFixture>;
public sealed class AccessMatrixOnPostgresTests(PostgresServerFixture f, ITestOutputHelper output) : AccessMatrixTests(f.Server, output), IClassFixture<PostgresServerFixture>;

/// <summary>
/// The authorization matrix: every endpoint of the running application (its own route table) against
/// <see cref="AccessTable"/>, called as anonymous, as every role at site MAIN, as a patient's portal token and as a
/// Physician and an Admin of another site, with route values of a seeded MAIN pathway patient.
/// </summary>
public abstract class AccessMatrixTests(OrthoRegenServer server, ITestOutputHelper output)
{
    static readonly Caller[] Roles_ = [Caller.Admin, Caller.Physician, Caller.Rehab, Caller.CellLab, Caller.QA, Caller.Coordinator, Caller.Researcher, Caller.Safety];

    /// <summary>(method, pattern) of every routed endpoint the application serves, static files aside.</summary>
    internal static IReadOnlyList<(string Method, string Pattern)> RoutedEndpoints(IServiceProvider services)
    {
        var list = new List<(string, string)>();
        foreach (var e in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor")) continue; // wwwroot files
            var pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            foreach (var method in e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                list.Add((method, pattern.Length > 1 ? pattern.TrimEnd('/') : pattern));
        }
        return list.Distinct().ToList();
    }

    [Fact]
    public void Table_CoversEveryEndpoint_AndNothingElse()
    {
        var routed = RoutedEndpoints(server.Services).ToHashSet();
        var declared = AccessTable.Rows.Select(r => (r.Method, r.Pattern)).ToList();
        Assert.Equal(declared.Count, declared.Distinct().Count()); // no row declared twice
        var missing = routed.Except(declared).Select(x => $"{x.Item1} {x.Item2}").Order().ToList();
        var stale = declared.Except(routed).Select(x => $"{x.Item1} {x.Item2}").Order().ToList();
        Assert.True(missing.Count == 0, "Endpoints missing from AccessTable:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "AccessTable rows without an endpoint:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEveryCaller_AsTheTableSays()
    {
        var clock = Stopwatch.StartNew();
        var callers = await AccessCallers.SignInAsync(server, OrthoRegen.Accounts.Roles.All, "mx" + Guid.NewGuid().ToString("N")[..6]);
        var seed = await AccessSeed.CreateAsync(server, callers.As(Roles.Physician), callers.As(Roles.Coordinator),
            new SeedIdentity("Matrix", "Patient", "1961-04-05", "MX-" + Guid.NewGuid().ToString("N")[..8], "610405-2000000", "010-5555-0101", "mx@example.org"),
            new SeedIdentity("Portal", "Patient", "1962-05-06", "MXP-" + Guid.NewGuid().ToString("N")[..8], "620506-2000000", "010-5555-0102", "mxp@example.org"),
            "L-MX-" + Guid.NewGuid().ToString("N")[..6]);
        var setUp = clock.Elapsed;
        var routed = RoutedEndpoints(server.Services).ToHashSet();
        // Sign-out ends every session of the caller (a new security stamp, so a copied cookie dies on every node): those
        // rows go last, or every later call of that caller would meet 401.
        var rows = AccessTable.Rows.Where(r => routed.Contains((r.Method, r.Pattern)))
            .OrderBy(r => IsSignOut(r) ? 1 : 0).ToList();
        var failures = new List<string>();
        var calls = 0;

        var clients = new Dictionary<string, HttpClient> { ["Anonymous"] = callers.Anonymous(), ["PortalToken"] = callers.Bearer(seed.PortalToken) };
        foreach (var name in callers.Names) clients[name] = callers.As(name);

        // Phase 1: every refusal (401, 403, and another site's 404). Nothing may change but the audit trail.
        var before = await RowCountsAsync();
        foreach (var row in rows)
        {
            foreach (var (name, caller) in CallersOf())
            {
                if (row.Allowed.HasFlag(caller)) continue;
                calls++;
                var r = await SendAsync(clients[name], row, seed.Fill(row.Pattern) + row.Query);
                var expected = caller is Caller.Anonymous or Caller.PortalToken ? 401 : 403;
                if (!IsRefusal(row, r, expected)) failures.Add($"{row} as {name}: expected {expected}, got {Describe(r)}");
            }
            foreach (var other in new[] { "Other" + Roles.Physician, "Other" + Roles.Admin })
            {
                var role = Enum.Parse<Caller>(other["Other".Length..]);
                if (!row.Allowed.HasFlag(role)) { calls++; var r0 = await SendAsync(clients[other], row, seed.Fill(row.Pattern) + row.Query); if (!IsRefusal(row, r0, 403)) failures.Add($"{row} as {other}: expected 403, got {Describe(r0)}"); continue; }
                if (!row.Scoped) continue;
                calls += 2;
                var hidden = await SendAsync(clients[other], row, seed.Fill(row.Pattern) + row.Query);
                var missing = await SendAsync(clients[other], row, seed.Fill(row.Pattern, v => Ids.LooksValid(v) ? AccessSeed.Missing : v) + row.Query);
                // A read must be 404. A write with an empty body may stop at validation or antiforgery first, as long as
                // the answer is the same as for a missing record.
                if (row.Method == "GET" ? hidden.StatusCode != HttpStatusCode.NotFound || missing.StatusCode != HttpStatusCode.NotFound
                        : hidden.StatusCode != missing.StatusCode || hidden.IsSuccessStatusCode)
                    failures.Add($"{row} as {other}: expected {(row.Method == "GET" ? "404" : "the same refusal")} for another site's record and for a missing one, got {Describe(hidden)} and {Describe(missing)}");
                else if (Normalise(await hidden.Content.ReadAsStringAsync(), seed) != Normalise(await missing.Content.ReadAsStringAsync(), seed))
                    failures.Add($"{row} as {other}: the 404 of another site's record differs from the 404 of a missing one");
            }
        }
        var after = await RowCountsAsync();
        foreach (var (table, n) in before)
            if (after.GetValueOrDefault(table) != n) failures.Add($"refused calls changed table {table}: {n} -> {after.GetValueOrDefault(table)} rows");

        // Phase 2: every allowed call gets past authorization (any answer but 401, 403, a sign-in redirect or a 5xx).
        // Reads first, then writes with an empty body; revoking the portal link comes next to last and signing out last
        // (sign-out ends every session of the caller).
        foreach (var row in rows.OrderBy(r => r.Method == "GET" ? 0 : 1).ThenBy(r => IsSignOut(r) ? 2 : r.Pattern.Contains("revoke", StringComparison.Ordinal) ? 1 : 0))
        {
            foreach (var (name, caller) in CallersOf().Concat([("Other" + Roles.Physician, Caller.Physician), ("Other" + Roles.Admin, Caller.Admin)]))
            {
                if (!row.Allowed.HasFlag(caller) || (name.StartsWith("Other", StringComparison.Ordinal) && row.Scoped)) continue;
                calls++;
                var useToken = caller == Caller.PortalToken && row.Pattern.StartsWith("/portal/", StringComparison.Ordinal);
                var r = await SendAsync(useToken ? clients["Anonymous"] : clients[name], row, seed.Fill(row.Pattern) + row.Query);
                if (!IsAllowed(row, r)) failures.Add($"{row} as {name}: expected to be let through, got {Describe(r)}");
            }
        }

        var verify = await (await server.AdminAsync()).GetStringAsync("/api/audit/verify");
        Assert.Contains("\"isIntact\":true", verify);
        output.WriteLine($"{rows.Count} endpoints x {CallersOf().Count() + 2} callers: {calls} calls in {clock.Elapsed - setUp:g} (set-up {setUp:g}) on {server.Provider}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls answered against the table:\n" + string.Join("\n", failures.Take(80)));
    }

    static IEnumerable<(string Name, Caller Caller)> CallersOf() =>
        new[] { ("Anonymous", Caller.Anonymous), ("PortalToken", Caller.PortalToken) }.Concat(Roles_.Select(r => (r.ToString(), r)));

    static bool IsSignOut(Access r) => !r.SignIn && (r.Method, r.Pattern) is ("DELETE", "/api/session") or ("POST", "/account/logout");

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, Access row, string path)
    {
        using var req = new HttpRequestMessage(new HttpMethod(row.Method), path);
        if (row.Method is "POST" or "PUT")
            req.Content = row.IsForm ? new FormUrlEncodedContent([]) : new StringContent("{}", Encoding.UTF8, "application/json");
        var r = await client.SendAsync(req);
        await r.Content.LoadIntoBufferAsync();
        return r;
    }

    static bool IsRefusal(Access row, HttpResponseMessage r, int expected)
    {
        var status = (int)r.StatusCode;
        if (row.IsPage)
        {
            var location = r.Headers.Location?.OriginalString ?? "";
            return status == 302 && location.Contains(expected == 401 ? "/login?" : "/denied?", StringComparison.Ordinal)
                || status == expected && expected == 401; // a bearer token on a page is challenged by the token scheme
        }
        return status == expected && r.Content.Headers.ContentType?.MediaType == "application/problem+json";
    }

    static bool IsAllowed(Access row, HttpResponseMessage r)
    {
        var status = (int)r.StatusCode;
        if (status == 401 && row.SignIn) return true; // wrong credentials
        if (status is 401 or 403 || status >= 500) return false;
        var location = r.Headers.Location?.OriginalString ?? "";
        return !(status == 302 && (location.Contains("/login?", StringComparison.Ordinal) || location.Contains("/denied?", StringComparison.Ordinal)));
    }

    static string Describe(HttpResponseMessage r) =>
        $"{(int)r.StatusCode}{(r.Headers.Location is { } l ? " -> " + l.OriginalString : "")}";

    /// <summary>A response body with what differs on every request removed: trace ids, antiforgery tokens and the id asked for.</summary>
    internal static string Normalise(string body, AccessSeed seed)
    {
        body = Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");
        body = Regex.Replace(body, "name=\"__RequestVerificationToken\" value=\"[^\"]*\"", "");
        foreach (var v in seed.Values.Values.Where(Ids.LooksValid).Append(AccessSeed.Missing)) body = body.Replace(v, "{id}", StringComparison.Ordinal);
        return body;
    }

    async Task<Dictionary<string, long>> RowCountsAsync()
    {
        var database = server.Services.GetRequiredService<Database>();
        await using var c = await database.OpenAsync(default);
        var tables = database.IsPostgres
            ? await c.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            : await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var counts = new Dictionary<string, long>();
        foreach (var t in tables.Where(t => t != "audit_log"))
            counts[t] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{t}\"");
        return counts;
    }
}

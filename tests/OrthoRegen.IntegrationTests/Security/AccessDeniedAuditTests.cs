using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

public sealed class AccessDeniedAuditOnSqliteTests(SqliteServerFixture f) : AccessDeniedAuditTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class AccessDeniedAuditOnPostgresTests(PostgresServerFixture f) : AccessDeniedAuditTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>
/// Every denied access is audited (DENIED: actor, method and route pattern, status; never the query string or body),
/// except a 401 without any credentials, which is only logged; the chain still verifies.
/// </summary>
public abstract class AccessDeniedAuditTests(OrthoRegenServer server)
{
    static string U() => Guid.NewGuid().ToString("N")[..6];

    sealed record Row(long Seq, string Actor, string Action, string Entity, string? EntityId, string? PatientId, string? Fields, string? Origin);

    async Task<long> LastSeqAsync()
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return await c.ExecuteScalarAsync<long?>("SELECT max(seq) FROM audit_log") ?? 0;
    }

    async Task<List<Row>> RowsAfterAsync(long seq)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return (await c.QueryAsync<Row>("""
            SELECT seq AS Seq, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId, patient_id AS PatientId,
                   fields AS Fields, origin AS Origin
            FROM audit_log WHERE seq > @seq ORDER BY seq
            """, new { seq })).ToList();
    }

    async Task<AccessCallers> CallersAsync() => await AccessCallers.SignInAsync(server, [Roles.Physician, Roles.Researcher], "da" + U());

    [Fact]
    public async Task RoleWithoutRight_ApiAndPage_AreAuditedWithRouteAndStatus()
    {
        var callers = await CallersAsync();
        var researcher = callers.As(Roles.Researcher);
        var before = await LastSeqAsync();
        var api = await researcher.PostAsJsonAsync("/api/patients?note=Quennellworth", new { familyName = "Quennellworth" });
        var page = await researcher.GetAsync("/patients/new?q=Quennellworth");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var rows = (await RowsAfterAsync(before)).Where(r => r.Action == AuditAction.Denied).ToList();
        var username = (await researcher.GetFromJsonAsync<OrthoRegenServer.Me>("/api/me"))!.Username;
        Assert.Equal(
            [(username, DeniedAccessAuditEntity, "POST /api/patients", "status 403"), (username, DeniedAccessAuditEntity, "GET /patients/new", "status 403")],
            rows.Select(r => (r.Actor, r.Entity, r.EntityId, r.Fields)).ToList());
        Assert.DoesNotContain(await RowsAfterAsync(before), r => $"{r.EntityId}{r.Fields}{r.Origin}".Contains("Quennellworth", StringComparison.Ordinal));
    }

    const string DeniedAccessAuditEntity = "endpoint";

    [Fact]
    public async Task CredentialsThatDoNotHold_AreAuditedAsAnonymous_ButNoCredentialsAtAllAreOnlyLogged()
    {
        var callers = await CallersAsync();
        var before = await LastSeqAsync();
        var forged = await callers.Bearer("orr_not-a-real-token").GetAsync("/api/patients?q=secret");
        using var http = new HttpClient(); // a session cookie the server never issued
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/api/patients"));
        req.Headers.Add("Cookie", "orthoregen.session=CfDJ8forged");
        var staleCookie = await http.SendAsync(req);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (forged.StatusCode, staleCookie.StatusCode));
        var rows = await RowsAfterAsync(before);
        Assert.Equal([("anonymous", "GET /api/patients", "status 401"), ("anonymous", "GET /api/patients", "status 401")],
            rows.Select(r => (r.Actor, r.EntityId, r.Fields)).ToList());
        Assert.All(rows, r => Assert.Equal(AuditAction.Denied, r.Action));

        var scanStart = await LastSeqAsync();
        var anon = callers.Anonymous();
        foreach (var path in new[] { "/api/patients", "/api/users", "/api/audit/verify", "/patients", "/lab" })
            Assert.Contains((int)(await anon.GetAsync(path)).StatusCode, new[] { 401, 302 });
        Assert.Empty(await RowsAfterAsync(scanStart)); // an internet scan does not grow the chain
    }

    [Fact]
    public async Task PatientOfAnotherSite_IsAuditedOncePerRequest_AndTheMissingOneIsNot()
    {
        var callers = await CallersAsync();
        var patient = await OrthoRegenServer.RegisterPatientAsync(callers.As(Roles.Physician), mrn: "DA-" + U());
        var busan = callers.As("Other" + Roles.Physician);
        var before = await LastSeqAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/patients/{patient}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/patients/{patient}/plans")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/patients/{patient}/adverse-events/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/patients/{AccessSeed.Missing}")).StatusCode);

        var rows = await RowsAfterAsync(before);
        var username = (await busan.GetFromJsonAsync<OrthoRegenServer.Me>("/api/me"))!.Username;
        Assert.Equal(
        [
            (username, AuditAction.Denied, "patient", patient, patient, "GET /api/patients/{id},status 404"),
            (username, AuditAction.Denied, "patient", patient, patient, "GET /api/patients/{id}/plans,status 404"),
            (username, AuditAction.Denied, "patient", patient, patient, "GET /patients/{Id}/adverse-events/new,status 404"),
        ], rows.Select(r => (r.Actor, r.Action, r.Entity, r.EntityId, r.PatientId, r.Fields)).ToList());

        var admin = await server.AdminAsync();
        var verify = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/audit/verify");
        Assert.True(verify.GetProperty("isIntact").GetBoolean());
    }
}

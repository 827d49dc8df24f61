using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.CellLab;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Administration;

public sealed class AdministrationApiOnSqliteTests(SqliteServerFixture f) : AdministrationApiTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class AdministrationApiOnPostgresTests(PostgresServerFixture f) : AdministrationApiTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>The administration HTTP contract on a real server: 201, 422 naming each failed check, 400 by field, 403 by role, 404 other site.</summary>
public abstract class AdministrationApiTests(OrthoRegenServer server)
{
    static int _n;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _n)}";
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    async Task<(HttpClient Physician, string PatientId, string PlanId, LotView Lot, string Pseudonym)> ReadyAsync()
    {
        var physician = await server.SignInAsAsync(Unique("dr.adm"), ["Physician"]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, Unique("MRN-ADM-"));
        var planId = await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
        var lot = await PathwaySetUp.ReleasedLotAsync(server, patientId, planId, Unique("L-API-"));
        var pseudonym = (await JsonAsync(await physician.GetAsync($"/api/patients/{patientId}"))).GetProperty("pseudonymCode").GetString()!;
        return (physician, patientId, planId, lot, pseudonym);
    }

    static object Body(LotView lot, string wristband, string? din = null, string route = "INTRA_ARTICULAR") => new
    {
        lotId = lot.Id, divisionCode = "A0", injectionNumber = 1, administeredAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
        doseViableCellsE6 = 50, volumeMl = 2, route, guidance = "ULTRASOUND", target = "KNEE_R", observationMinutes = 30, immediateReaction = false,
        scannedDin = din ?? lot.Din.Code + lot.Din.Flags, scannedProductCode = lot.ProductCode.WithDivision("A0").Code, scannedPatientIdentifier = wristband,
        productTempC = 20.5,
    };

    [Fact]
    public async Task Record_Valid_Is201AndListed()
    {
        var (physician, patientId, planId, lot, pseudonym) = await ReadyAsync();
        var r = await physician.PostAsJsonAsync($"/api/plans/{planId}/administrations", Body(lot, pseudonym));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var body = await JsonAsync(r);
        var id = body.GetProperty("record").GetProperty("id").GetString();
        Assert.Equal($"/api/administrations/{id}", r.Headers.Location?.OriginalString);
        Assert.Equal("PASS", body.GetProperty("record").GetProperty("bedsideIdCheck").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("startedScheduleId").GetString()));
        Assert.Equal(id, Assert.Single((await JsonAsync(await physician.GetAsync($"/api/plans/{planId}/administrations"))).EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(id, Assert.Single((await JsonAsync(await physician.GetAsync($"/api/patients/{patientId}/administrations"))).EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Record_WrongPatientAndWrongDin_Is422NamingBothChecks()
    {
        var (physician, _, planId, lot, _) = await ReadyAsync();
        var r = await physician.PostAsJsonAsync($"/api/plans/{planId}/administrations", Body(lot, "PX-WRONG1", din: "G123498654321"));
        Assert.Equal((HttpStatusCode)422, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(r);
        var checks = problem.GetProperty("checks").EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("field").GetString())).ToList();
        Assert.Equal([("DIN_MISMATCH", "scannedDin"), ("PATIENT_IDENTIFIER_MISMATCH", "scannedPatientIdentifier")], checks.Order());
        Assert.True(problem.GetProperty("errors").TryGetProperty("scannedPatientIdentifier", out _));
        Assert.Empty((await JsonAsync(await physician.GetAsync($"/api/plans/{planId}/administrations"))).EnumerateArray());
    }

    [Fact]
    public async Task Record_MissingScan_Is400NamingTheField()
    {
        var (physician, _, planId, lot, _) = await ReadyAsync();
        var r = await physician.PostAsJsonAsync($"/api/plans/{planId}/administrations", Body(lot, ""));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await JsonAsync(r)).GetProperty("errors").TryGetProperty("scannedPatientIdentifier", out _));
    }

    [Fact]
    public async Task Record_AsCoordinator_Is403()
    {
        var (_, _, planId, lot, pseudonym) = await ReadyAsync();
        var coordinator = await server.SignInAsAsync(Unique("co.adm"), ["Coordinator"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostAsJsonAsync($"/api/plans/{planId}/administrations", Body(lot, pseudonym))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/plans/{planId}/administrations")).StatusCode); // coordinators read
    }

    [Fact]
    public async Task Record_PhysicianOfAnotherSite_Is404()
    {
        var (_, patientId, planId, lot, pseudonym) = await ReadyAsync();
        await server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var far = await server.SignInAsAsync(Unique("dr.busan"), ["Physician"], siteCode: "BUSAN");
        Assert.Equal(HttpStatusCode.NotFound, (await far.PostAsJsonAsync($"/api/plans/{planId}/administrations", Body(lot, pseudonym))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await far.GetAsync($"/api/plans/{planId}/administrations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await far.GetAsync($"/api/patients/{patientId}/administrations")).StatusCode);
    }
}

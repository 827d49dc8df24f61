using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// The records the hostile requests aim at (a patient ready for injection with a consent, an assessment, a plan, a released
/// lot, a response, a follow-up schedule, a saved cohort and evidence records), a user holding every staff role at every
/// site, and the values that fill <see cref="WriteRouteExamples"/>' placeholders.
/// </summary>
public sealed class HostileWorld
{
    public required OrthoRegenServer Server { get; init; }
    public required HttpClient Staff { get; init; }
    public required Dictionary<string, string> Values { get; init; }
    /// <summary>The evidence library as the export writes it: a valid body for the CSV import.</summary>
    public required string StudiesCsv { get; init; }
    /// <summary>A patient's transaction Bundle as the FHIR export writes it: a valid body for the FHIR import.</summary>
    public required string FhirBundle { get; init; }

    /// <summary>Every staff role but Researcher (whose views hide identifiers), so each write route's policy admits the caller.</summary>
    public static readonly string[] AllStaffRoles = ["Admin", "Physician", "Rehab", "CellLab", "QA", "Coordinator", "Safety"];

    /// <summary>A well-formed id of the house format that names no record.</summary>
    public const string MissingId = "0123456789abcdef0123456789abcdef";

    public static async Task<HostileWorld> CreateAsync(OrthoRegenServer server)
    {
        var staff = await server.SignInAsAsync("hostile.staff", AllStaffRoles, allSites: true);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(staff, "MRN-HOSTILE-1");
        var planId = await PathwaySetUp.KneePlanAsync(staff, patientId, consentId);
        var lot = await PathwaySetUp.ReleasedLotAsync(server, patientId, planId, "L-HOSTILE-1");
        var assessments = await JsonAsync(await staff.GetAsync($"/api/patients/{patientId}/assessments"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var values = new Dictionary<string, string>
        {
            ["patientId"] = patientId, ["consentId"] = consentId, ["planId"] = planId, ["lotId"] = lot.Id, ["missing"] = MissingId,
            ["assessmentId"] = assessments[0].GetProperty("id").GetString()!, ["din"] = lot.Din.Code + lot.Din.Flags,
            ["productCode"] = lot.ProductCode.WithDivision("A0").Code, ["today"] = today, ["n"] = "1",
            ["now"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"), ["later"] = DateTimeOffset.UtcNow.AddDays(10).ToString("O"),
        };
        var response = await JsonAsync(await staff.PostAsync($"/api/patients/{patientId}/responses",
            Content(WriteRouteExamples.All["POST /api/patients/{id}/responses"].Body!, values)));
        values["responseId"] = response.GetProperty("id").GetString()!;
        var schedule = await JsonAsync(await staff.PostAsJsonAsync($"/api/patients/{patientId}/follow-up", new { target = "KNEE_L", day0 = today, treatingPhysician = "dr.api" }));
        values["scheduleId"] = schedule.GetProperty("id").GetString()!;
        values["visitId"] = schedule.GetProperty("visits")[0].GetProperty("id").GetString()!;
        values["cohortId"] = await CreateAsync(staff, "POST /api/outcomes/cohorts", values);
        values["studyId"] = await CreateAsync(staff, "POST /api/evidence/studies", values);
        values["prismaId"] = await CreateAsync(staff, "POST /api/evidence/prisma", values);
        values["gradeId"] = await CreateAsync(staff, "POST /api/evidence/grade", values);
        values["n"] = "2";
        var csv = await staff.GetStringAsync("/api/evidence/studies.csv");
        // A FHIR Bundle as the export writes it, of a plain registered patient (no pathway resources), for the import route.
        var plain = await OrthoRegenServer.RegisterPatientAsync(staff, "Park", "Jisoo", "MRN-HOSTILE-FHIR");
        var bundle = await staff.GetStringAsync($"/api/patients/{plain}/fhir");
        return new HostileWorld { Server = server, Staff = staff, Values = values, StudiesCsv = csv, FhirBundle = bundle };
    }

    static async Task<string> CreateAsync(HttpClient staff, string route, Dictionary<string, string> values)
    {
        var example = WriteRouteExamples.All[route];
        var created = await JsonAsync(await staff.PostAsync(WriteRouteExamples.Fill(example.Path, values), Content(example.Body!, values)));
        return created.TryGetProperty("id", out var id) ? id.GetString()! : created.GetProperty("record").GetProperty("id").GetString()!;
    }

    static StringContent Content(string template, IReadOnlyDictionary<string, string> values) =>
        new(WriteRouteExamples.Fill(template, values), System.Text.Encoding.UTF8, "application/json");

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"Set-up {r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}

/// <summary>What the database holds, to compare before and after a run of bad requests: every table's row count and the audit chain.</summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, long> RowCounts, string AuditHead, long AuditRows, string? AuditBroken)
{
    const string SqliteTables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
    const string PostgresTables = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";

    public static async Task<DatabaseSnapshot> TakeAsync(OrthoRegenServer server)
    {
        var database = server.Services.GetRequiredService<Database>();
        await using var c = await database.OpenAsync(CancellationToken.None);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await c.QueryAsync<string>(database.IsPostgres ? PostgresTables : SqliteTables))
            counts[table] = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\""); // names come from the catalogue
        var head = await c.ExecuteScalarAsync<string?>("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") ?? AuditTrail.Genesis;
        var verified = await server.Services.GetRequiredService<AuditTrail>().VerifyAsync(CancellationToken.None);
        return new DatabaseSnapshot(counts, head, verified.RowsChecked, verified.FirstBrokenSeq is null ? null : $"{verified.FirstBrokenSeq}: {verified.Problem}");
    }

    /// <summary>The tables whose counts differ, as "table: before → after".</summary>
    public IEnumerable<string> DifferencesFrom(DatabaseSnapshot before) =>
        RowCounts.Keys.Union(before.RowCounts.Keys)
            .Where(t => RowCounts.GetValueOrDefault(t, -1) != before.RowCounts.GetValueOrDefault(t, -1))
            .Select(t => $"{t}: {before.RowCounts.GetValueOrDefault(t, -1)} → {RowCounts.GetValueOrDefault(t, -1)}");
}

/// <summary>
/// Exceptions the server threw while handling requests to one port, caught from ASP.NET Core's diagnostic events (the
/// exception handler's and the host's), so an exception that was turned into a response, or escaped after the response
/// started, is still seen. Bad request bodies (<see cref="BadHttpRequestException"/>) are expected and not collected.
/// </summary>
public sealed class ServerExceptions : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    readonly int _port;
    readonly IDisposable _all;
    readonly List<IDisposable> _subscriptions = [];
    readonly List<string> _seen = [];

    public ServerExceptions(int port)
    {
        _port = port;
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public IReadOnlyList<string> Seen { get { lock (_seen) return [.. _seen]; } }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this, name => name.Contains("Exception", StringComparison.Ordinal)));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Value is null) return;
        var type = e.Value.GetType();
        var http = type.GetProperty("httpContext")?.GetValue(e.Value) as HttpContext;
        var exception = type.GetProperty("exception")?.GetValue(e.Value) as Exception;
        if (exception is null or BadHttpRequestException || http?.Connection.LocalPort != _port) return;
        lock (_seen) _seen.Add($"{http.Request.Method} {http.Request.Path}: {exception.GetType().Name}: {exception.Message}");
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
    }
}

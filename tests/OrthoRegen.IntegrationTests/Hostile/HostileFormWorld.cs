using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// <see cref="HostileWorld"/> plus the records only some forms are rendered for: a donor, an adverse event, an e-consent
/// tablet session, a pre-screening lead and a portal link (with its token), each made through the API.
/// </summary>
public sealed class HostileFormWorld
{
    public required HostileWorld World { get; init; }
    public OrthoRegenServer Server => World.Server;
    public HttpClient Staff => World.Staff;
    public Dictionary<string, string> Values => World.Values;
    /// <summary>A QA user (two-factor sign-in) whose password step <see cref="FormCaller.SecondFactor"/> callers have passed.</summary>
    public const string SecondFactorUser = "hostile.tfa";
    /// <summary>Set-up steps that failed (the forms that need them then fail as not rendered).</summary>
    public required IReadOnlyList<string> Problems { get; init; }
    /// <summary>How long each set-up step took (the run reports them, as the form test has a time budget).</summary>
    public required IReadOnlyList<string> Timings { get; init; }

    public static async Task<HostileFormWorld> CreateAsync(OrthoRegenServer server)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var world = await HostileWorld.CreateAsync(server);
        var v = world.Values;
        var staff = world.Staff;
        var problems = new List<string>();
        var timings = new List<string>();
        timings.Add($"world {clock.Elapsed.TotalSeconds:F1} s");
        async Task Try(string what, Func<Task> step)
        {
            var start = clock.Elapsed;
            try { await step(); }
            catch (Exception e) { problems.Add($"set-up of {what} failed: {e.Message}"); }
            timings.Add($"{what} {(clock.Elapsed - start).TotalSeconds:F1} s");
        }
        v["studiesCsv"] = world.StudiesCsv;
        await Try("pseudonym", async () => v["pseudonym"] = JsonDocument.Parse(await staff.GetStringAsync($"/api/patients/{v["patientId"]}")).RootElement.GetProperty("pseudonymCode").GetString()!);
        v["laterLocal"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd'T'HH:mm");
        // A date-time field's filler: five minutes ago (not a fixed hour of today, which is still to come before it).
        v["nowLocal"] = DateTime.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm");
        await Try("collection", async () => v["collectionId"] = Id(await PostAsync(staff, "/api/lab/collections", WriteRouteExamples.Fill(
            WriteRouteExamples.All["POST /api/lab/collections"].Body!, v))));
        await Try("donor", async () => v["donorId"] = Id(await PostAsync(staff, "/api/lab/donors", """{"donorType":"UNRELATED","donorConsentRef":"DC-FORMS-1","siteCode":"MAIN"}""")));
        await Try("adverse event", async () => v["aeId"] = Id(await PostAsync(staff, $"/api/patients/{v["patientId"]}/adverse-events", WriteRouteExamples.Fill(
            WriteRouteExamples.All["POST /api/patients/{id}/adverse-events"].Body!, v))));
        await Try("e-consent session", async () => v["sessionId"] = Id(await PostAsync(staff, $"/api/patients/{v["patientId"]}/econsent/sessions", WriteRouteExamples.All["POST /api/patients/{id}/econsent/sessions"].Body!)));
        await Try("portal link", async () =>
        {
            var link = await PostAsync(staff, $"/api/patients/{v["patientId"]}/portal-links", $$"""{"visitIds":["{{v["visitId"]}}"]}""");
            v["linkId"] = Id(link);
            v["portalToken"] = PortalToken(link);
        });
        await Try("portal answer", () => HostileFormStates.PortalAnswerAsync(server, v));
        await Try("conditionally released lots", () => HostileFormStates.ConditionalLotsAsync(server, v));
        await Try("SUSAR", () => HostileFormStates.SusarAsync(staff, v));
        await Try("signal lots", () => HostileFormStates.SignalLotsAsync(server, staff, v));
        await Try("signing session", () => HostileFormStates.SigningSessionAsync(staff, v));
        await Try("two-factor user", async () => await server.SignInAsAsync(SecondFactorUser, ["QA"]));
        await Try("lead", async () =>
        {
            var anonymous = server.Anonymous();
            (await anonymous.PostAsync("/api/prescreen", new StringContent(WriteRouteExamples.All["POST /api/prescreen"].Body!, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var leads = JsonDocument.Parse(await staff.GetStringAsync("/api/leads")).RootElement;
            var first = leads.ValueKind == JsonValueKind.Array ? leads[0] : leads.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value[0];
            v["leadId"] = first.GetProperty("id").GetString()!;
        });
        return new HostileFormWorld { World = world, Problems = problems, Timings = timings };
    }

    static async Task<JsonElement> PostAsync(HttpClient c, string url, string body)
    {
        var r = await c.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"Set-up POST {url}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The record's id: "id" at the top, or in the one object the answer wraps it in ("event", "session", "record"…).</summary>
    static string Id(JsonElement e) =>
        e.TryGetProperty("id", out var id) ? id.GetString()! :
        e.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("id", out _))
            .Select(p => p.Value.GetProperty("id").GetString()!).FirstOrDefault() ?? throw new InvalidOperationException("no id in " + e);

    /// <summary>The link's token: a "token" property, or the last segment of its "url".</summary>
    static string PortalToken(JsonElement e)
    {
        foreach (var p in e.EnumerateObject())
        {
            if (p.Name.Equals("token", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString()!;
            if (p.Name.Equals("url", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString()!.TrimEnd('/').Split('/')[^1];
            if (p.Value.ValueKind == JsonValueKind.Object && p.Name != "patient") { var inner = PortalToken(p.Value); if (inner.Length > 0) return inner; }
        }
        return "";
    }
}

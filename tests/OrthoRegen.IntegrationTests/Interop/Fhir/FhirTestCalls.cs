using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>What the FHIR round-trip tests do with a registry: read a successful answer, count rows, post FHIR JSON.</summary>
static class FhirTestCalls
{
    /// <summary>The answer's JSON; fails the test with the status and body when the call did not succeed.</summary>
    public static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage?.RequestUri} {r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The row count of each table, to show that a re-import or a refused import wrote nothing.</summary>
    public static async Task<Dictionary<string, long>> RowCountsAsync(OrthoRegenServer server, IEnumerable<string> tables)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        var d = new Dictionary<string, long>();
        foreach (var t in tables) d[t] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {t}");
        return d;
    }

    public static StringContent FhirBody(string json) => new(json, Encoding.UTF8, "application/fhir+json");
}

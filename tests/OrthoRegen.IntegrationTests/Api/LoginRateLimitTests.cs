using System.Net;
using System.Net.Http.Json;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Api;

public class LoginRateLimitTests
{
    [Fact]
    public async Task SignIn_OverTheLimitPerMinute_Is429Problem()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Security:LoginAttemptsPerMinute"] = "3" });
        var c = server.Anonymous();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await c.PostAsJsonAsync("/api/session", new { username = "nobody", password = "wrong-password" })).StatusCode);
        var limited = await c.PostAsJsonAsync("/api/session", new { username = "admin", password = OrthoRegenServer.AdminInitialPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }
}

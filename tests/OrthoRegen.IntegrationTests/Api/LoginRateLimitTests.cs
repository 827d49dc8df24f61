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

public class StaticAssetTests
{
    [Fact]
    public async Task Stylesheet_LinkedFromPages_IsServedAsCss()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
        var c = server.Anonymous();
        var html = await c.GetStringAsync("/login");
        var href = System.Text.RegularExpressions.Regex.Match(html, "rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value;
        foreach (var encoding in new[] { "identity", "gzip, deflate, br, zstd" }) // a browser asks for compressed content
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, "/" + href.TrimStart('/'));
            req.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            var css = await c.SendAsync(req);
            Assert.True(css.StatusCode == HttpStatusCode.OK, $"{href}: {(int)css.StatusCode}");
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
            Assert.True((await css.Content.ReadAsByteArrayAsync()).Length > 100, $"empty stylesheet body for Accept-Encoding: {encoding}");
        }
    }
}

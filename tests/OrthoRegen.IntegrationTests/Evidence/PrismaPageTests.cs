using System.Text.RegularExpressions;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Evidence;

/// <summary>The PRISMA form leaves blank rows out; a message about a row sent must land on the row shown on screen.</summary>
public class PrismaPageTests
{
    [Fact]
    public async Task AfterABlankRow_EachMessage_NamesTheRowOnScreen()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
        var client = await server.SignInAsAsync("prisma.author", ["Researcher"]);

        async Task<string> PostAsync(params (string Field, string Value)[] values)
        {
            var form = HostileForms.Parse(await client.GetStringAsync("/evidence/prisma")).Single(f => f.Handler == "prisma");
            var pairs = form.Fields.Select(f => new KeyValuePair<string, string>(f.Name, values.FirstOrDefault(v => v.Field == f.Name).Value ?? f.Value)).ToList();
            pairs.Add(new("_handler", form.Handler!));
            pairs.Add(new("__RequestVerificationToken", form.Antiforgery!));
            var r = await client.PostAsync("/evidence/prisma", new FormUrlEncodedContent(pairs));
            return await r.Content.ReadAsStringAsync();
        }
        static string? Message(string html, string field) =>
            Regex.Match(html, $@"id=""err-{Regex.Escape(field)}""[^>]*>([^<]*)<") is { Success: true } m ? m.Groups[1].Value : null;

        // Row 1 blank, row 2 a count without its source: Core names the first row it received, the page the second row shown.
        var html = await PostAsync(("Form.Title", "Knee MSC review"), ("Form.Sources[1].Count", "120"));
        Assert.NotNull(Message(html, "identifiedSources[1].source"));
        Assert.Null(Message(html, "identifiedSources[0].source"));

        // Row 1 blank, row 3 a count that is not a number: the page's own parse names row 3.
        html = await PostAsync(("Form.Title", "Knee MSC review"), ("Form.Sources[2].Label", "Embase"), ("Form.Sources[2].Count", "12x"));
        Assert.NotNull(Message(html, "identifiedSources[2].count"));
        Assert.Null(Message(html, "identifiedSources[0].count"));
    }
}

using System.Text;
using System.Text.Json;
using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// The request/result JSON shapes and the batch runner behind `orthoregen score`.
public class ScoreBatchTests
{
    /// <summary>One typical request per instrument, used here and by the CLI test.</summary>
    public static readonly string[] Requests =
    [
        """{"instrument":"KOOS","items":{"S1":1,"S2":2,"S3":0,"S4":1,"S5":1,"S6":2,"S7":1,"P1":2,"P2":1,"P3":1,"P4":2,"P5":2,"P6":3,"P7":1,"P8":0,"P9":1,"A1":1,"A2":1,"A3":1,"A4":1,"A5":1,"A6":1,"A7":1,"A8":1,"A9":1,"A10":1,"A11":1,"A12":1,"A13":1,"A14":1,"A15":1,"A16":1,"A17":1,"SP1":3,"SP2":null,"SP3":4,"Q1":3,"Q2":2,"Q3":2,"Q4":3}}""",
        """{"instrument":"HOOS","items":{"S1":1,"S2":2,"P1":2,"P2":1,"P3":1,"P4":2,"P5":2,"Q1":1,"Q2":1},"options":{"missing_rule":"2003"}}""",
        """{"instrument":"KOOS12","items":{"P1":1,"P5":2,"P6":2,"P8":1,"A3":0,"A4":1,"A7":1,"SP4":2,"Q1":3,"Q2":2,"Q3":2,"Q4":2}}""",
        """{"instrument":"KOOS_PS","items":{"A10":2,"A9":2,"A3":2,"A5":2,"SP4":1,"SP5":1,"SP1":1}}""",
        """{"instrument":"WOMAC","items":{"P1":1,"P2":2,"P3":0,"P4":1,"P5":1,"S1":1,"S2":2,"F1":null,"F2":2,"F3":2,"F4":2,"F5":2,"F6":2,"F7":2,"F8":2,"F9":2,"F10":2,"F11":2,"F12":2,"F13":2,"F14":2,"F15":2,"F16":2,"F17":0},"baseline":{"P1":3,"P2":3,"P3":3,"P4":3,"P5":3,"S1":3,"S2":3,"F1":3,"F2":3,"F3":3,"F4":3,"F5":3,"F6":3,"F7":3,"F8":3,"F9":3,"F10":3,"F11":3,"F12":3,"F13":3,"F14":3,"F15":3,"F16":3,"F17":3}}""",
        """{"instrument":"PAIN_VAS","items":{"vas_cm":4.35}}""",
        """{"instrument":"PAIN_NRS","items":{"nrs":6}}""",
        """{"instrument":"LEQUESNE_KNEE","items":{"P1":1,"P2":1,"P3":0,"P4":1,"P5":1,"D":2,"W":0,"A1":0.5,"A2":1,"A3":1.5,"A4":0}}""",
        """{"instrument":"LEQUESNE_HIP","items":{"P1":1,"P2":1,"P3":1,"P4":0,"P5":0,"D":0,"W":0,"A1":1.5,"A2":0,"A3":0,"A4":0}}""",
        """{"instrument":"LYSHOLM","items":{"limp":3,"support":5,"locking":10,"instability":20,"pain":15,"swelling":6,"stairs":6,"squatting":4}}""",
        """{"instrument":"HHS","items":{"pain":30,"limp":8,"support":7,"distance":8,"stairs":2,"shoes_socks":2,"sitting":5,"public_transport":1,"def_flexion_contracture_lt_30":true,"def_fixed_adduction_lt_10":true,"def_fixed_internal_rotation_lt_10":true,"def_leg_length_diff_lt_3_2cm":false,"rom_flexion":90,"rom_abduction":10,"rom_adduction":10,"rom_external_rotation":10,"rom_internal_rotation":10},"options":{"deformity_method":"per_item"}}""",
        """{"instrument":"ODI","items":{"1":2,"2":1,"3":2,"4":1,"5":2,"6":3,"7":1,"8":null,"9":2,"10":2}}""",
        """{"instrument":"OMERACT_OARSI","items":{"pain_baseline":50,"pain_followup":40,"function_baseline":50,"function_followup":40}}""",
        """{"instrument":"KL","items":{"grade":3}}""",
        """{"instrument":"KOOS","items":{"P1":7,"P2":"x"}}""",
    ];

    static string Run(Func<Stream, BatchReport> run, out BatchReport report)
    {
        using var output = new MemoryStream();
        report = run(output);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void ScoreDocument_Object_GivesOneObject()
    {
        var text = Run(o => ScoreBatch.ScoreDocument(Catalog, Encoding.UTF8.GetBytes(Requests[11]), o), out var report);
        Assert.Empty(report.Problems);
        using var doc = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.Equal(35.5556m, doc.RootElement.GetProperty("scores").GetProperty("score").GetDecimal());
        Assert.Equal("moderate", doc.RootElement.GetProperty("band").GetString());
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void ScoreDocument_Array_GivesArrayInSameOrderWithRejectionsAsResults()
    {
        var text = Run(o => ScoreBatch.ScoreDocument(Catalog, Encoding.UTF8.GetBytes("[" + string.Join(",", Requests) + "]"), o), out var report);
        Assert.Empty(report.Problems);
        Assert.Equal(Requests.Length, report.Requests);
        using var doc = JsonDocument.Parse(text);
        var results = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(Requests.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("instrument").GetString()),
            results.Select(r => r.GetProperty("instrument").GetString()));
        var rejected = results[^1];
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(2, rejected.GetProperty("errors").GetArrayLength());
        Assert.Empty(rejected.GetProperty("scores").EnumerateObject());
    }

    [Theory]
    [InlineData("{\"instrument\":")] // truncated
    [InlineData("hello")]            // not JSON at all
    [InlineData("42")]               // JSON, but not a request or array
    public void ScoreDocument_NotJsonOrNotRequests_IsAProblemAndWritesNothing(string input)
    {
        var text = Run(o => ScoreBatch.ScoreDocument(Catalog, Encoding.UTF8.GetBytes(input), o), out var report);
        Assert.Single(report.Problems);
        Assert.Equal("", text);
    }

    [Fact]
    public void ScoreNdjson_Lines_GivesOneLinePerRequestAndFlagsBadLines()
    {
        var input = Requests[5] + "\r\n\n" + "not json\n" + Requests[13]; // CRLF, a blank line, a bad line, no final newline
        var text = Run(o => ScoreBatch.ScoreNdjson(Catalog, new MemoryStream(Encoding.UTF8.GetBytes(input)), o), out var report);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Equal(3, report.Requests);
        Assert.Equal("Line 3 is not JSON", Assert.Single(report.Problems)[..18]);
        Assert.Equal("PAIN_VAS", JsonDocument.Parse(lines[0]).RootElement.GetProperty("instrument").GetString());
        Assert.Equal("rejected", JsonDocument.Parse(lines[1]).RootElement.GetProperty("status").GetString());
        Assert.Equal(3m, JsonDocument.Parse(lines[2]).RootElement.GetProperty("scores").GetProperty("grade").GetDecimal());
    }

    [Theory]
    [InlineData("""{"instrument":"KL","items":{"grade":1}} x""")]  // trailing text after the request
    [InlineData("""{"instrument":"KL","items":{"grade":1}""")]     // unclosed object
    [InlineData("""{"instrument":"KL","items":{"grade":01}}""")]   // leading zero is not JSON
    public void ScoreNdjson_LineNotJson_IsAProblem(string line)
    {
        Run(o => ScoreBatch.ScoreNdjson(Catalog, new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")), o), out var report);
        Assert.StartsWith("Line 1 is not JSON", Assert.Single(report.Problems));
    }

    [Fact]
    public void Score_ElementAndBytes_GiveTheSameResult()
    {
        foreach (var request in Requests)
        {
            using var doc = JsonDocument.Parse(request);
            var fromElement = InstrumentJson.Score(Catalog, doc.RootElement);
            var fromBytes = InstrumentJson.Score(Catalog, Encoding.UTF8.GetBytes(request));
            Assert.Equal(fromElement.Scores, fromBytes.Scores);
            Assert.Equal(fromElement.Errors, fromBytes.Errors);
        }
    }

    [Fact]
    public void ScoreNdjson_LongLines_CrossBufferBoundaries()
    {
        var many = string.Join("\n", Enumerable.Repeat(Requests[0], 500));
        var text = Run(o => ScoreBatch.ScoreNdjson(Catalog, new MemoryStream(Encoding.UTF8.GetBytes(many)), o), out var report);
        Assert.Equal(500, report.Requests);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            l => Assert.Equal(63.8889m, JsonDocument.Parse(l).RootElement.GetProperty("scores").GetProperty("pain").GetDecimal()));
    }

    [Theory]
    [InlineData("""[1]""", "request", "A request must be a JSON object.")]                                            // element not an object
    [InlineData("""{"items":{}}""", "instrument", "Request must name an instrument, e.g. \"instrument\": \"KOOS\".")] // no instrument
    [InlineData("""{"instrument":"KL","items":[3]}""", "items", "items must be a JSON object.")]                       // items as list
    [InlineData("""{"instrument":"KL","item":{"grade":3}}""", "item", "Request field 'item' is not known; use instrument, items, options and baseline.")] // typo
    [InlineData("""{"instrument":"KL","items":{"grade":3,"grade":4}}""", "grade", "Item grade is given more than once.")] // duplicate key
    [InlineData("""{"instrument":"KL","items":{"grade":1e400}}""", "grade", "Answer to item grade must be a number, not a list or object.")] // beyond decimal
    public void Score_MalformedRequest_IsRejectedResult(string json, string item, string message)
    {
        using var doc = JsonDocument.Parse(json);
        var element = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement[0] : doc.RootElement;
        var r = InstrumentJson.Score(Catalog, element);
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal(new ItemError(item, message), Assert.Single(r.Errors));
    }

    [Fact]
    public void WriteResult_Oarsi_HasResponder()
    {
        var text = Run(o => ScoreBatch.ScoreDocument(Catalog, Encoding.UTF8.GetBytes(Requests[12]), o), out _);
        using var doc = JsonDocument.Parse(text);
        Assert.True(doc.RootElement.GetProperty("responder").GetBoolean());
    }

    [Fact]
    public void WriteResult_WithBaseline_HasChangeWithMcidAndPass()
    {
        var text = Run(o => ScoreBatch.ScoreDocument(Catalog, Encoding.UTF8.GetBytes(Requests[4]), o), out _);
        using var doc = JsonDocument.Parse(text);
        var f = doc.RootElement.GetProperty("change").GetProperty("function_100");
        Assert.True(f.GetProperty("mcid_met").GetBoolean());
        Assert.False(f.GetProperty("pass_met").GetBoolean()); // 46.875 > 31
        Assert.Equal(31.0m, f.GetProperty("pass").GetProperty("value").GetDecimal());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("change").GetProperty("pain").GetProperty("mcid_met").ValueKind);
    }
}

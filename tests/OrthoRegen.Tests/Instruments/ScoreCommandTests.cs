using System.Diagnostics;
using System.Text.Json;
using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

/// <summary>Builds the CLI once (through the repository's <c>orthoregen</c> script) for the tests that run it.</summary>
public sealed class CliFixture
{
    public string Root { get; }
    public string Dll { get; }

    public CliFixture()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrthoRegen.slnx"))) dir = dir.Parent;
        Root = dir?.FullName ?? throw new InvalidOperationException("Repository root (OrthoRegen.slnx) not found.");
        Directory.CreateDirectory(Path.Combine(Root, ".build"));
        var (code, _, error) = Run("bash", ["orthoregen", "--help"], null);
        if (code != 0) throw new InvalidOperationException("orthoregen did not build: " + error);
        Dll = Path.Combine(Root, ".build", "cli", "OrthoRegen.Cli.dll");
    }

    public (int Code, string Out, string Err) Score(string stdin, params string[] args) => Run("dotnet", [Dll, "score", .. args], stdin);

    public (int Code, string Out, string Err) Thresholds(params string[] args) => Run("dotnet", [Dll, "thresholds", .. args], null);

    (int, string, string) Run(string file, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = Root, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

// `orthoregen score` run as a process: same scores as the library for the same requests, same shape out as in.
public class ScoreCommandTests(CliFixture cli) : IClassFixture<CliFixture>
{
    static void AssertSameAsLibrary(string request, JsonElement cliResult)
    {
        using var doc = JsonDocument.Parse(request);
        var library = InstrumentJson.Score(Catalog, doc.RootElement);
        Assert.Equal(library.Status == ResultStatus.Ok ? "ok" : "rejected", cliResult.GetProperty("status").GetString());
        var cliScores = cliResult.GetProperty("scores").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (decimal?)null : p.Value.GetDecimal());
        Assert.Equal(library.Scores.ToDictionary(s => s.Name, s => s.Value), cliScores);
        Assert.Equal(library.Band?.Code, cliResult.GetProperty("band").GetString());
        Assert.Equal(library.Errors.Select(e => e.Message), cliResult.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public void Score_ArrayOfEveryInstrument_MatchesLibraryAndExitsZero()
    {
        var (code, stdout, stderr) = cli.Score("[" + string.Join(",", ScoreBatchTests.Requests) + "]");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var results = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(ScoreBatchTests.Requests.Length, results.Count);
        for (var i = 0; i < results.Count; i++) AssertSameAsLibrary(ScoreBatchTests.Requests[i], results[i]);
    }

    [Fact]
    public void Score_InputFileWithOneObject_WritesOneObject()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, ScoreBatchTests.Requests[11]);
            var (code, stdout, _) = cli.Score("", "--input", file);
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(stdout);
            AssertSameAsLibrary(ScoreBatchTests.Requests[11], doc.RootElement);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Score_Ndjson_WritesOneLinePerRequest()
    {
        var (code, stdout, _) = cli.Score(string.Join("\n", ScoreBatchTests.Requests) + "\n", "--ndjson");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScoreBatchTests.Requests.Length, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            AssertSameAsLibrary(ScoreBatchTests.Requests[i], doc.RootElement);
        }
    }

    [Theory]
    [InlineData("not json", new string[0])]           // document mode
    [InlineData("{\"instrument\":\"KL\"", new string[0])] // truncated object
    [InlineData("{}\nnot json\n", new[] { "--ndjson" })] // one bad line
    public void Score_InputNotJson_ExitsTwo(string stdin, string[] args)
    {
        var (code, _, stderr) = cli.Score(stdin, args);
        Assert.Equal(2, code);
        Assert.Contains("not JSON", stderr);
    }

    [Fact]
    public void Thresholds_PrintsTheDefaults_AndScoreUsesAClinicFile()
    {
        var (code, defaults, _) = cli.Thresholds();
        Assert.Equal(0, code);
        Assert.NotNull(InstrumentThresholds.Parse(defaults, Catalog, out var problems));
        Assert.Empty(problems);
        Assert.Contains("Tubach", defaults);

        // A clinic NRS MCID of 4 points: 7 -> 4 (improvement 3) meets the default 2 but not the clinic's 4.
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{"instruments":{"PAIN_NRS":{"change":[{"score":"nrs","population":"low_back_pain","absolute":4,"source":"Clinic"}]}}}""");
            const string request = """{"instrument":"PAIN_NRS","items":{"nrs":4},"baseline":{"nrs":7}}""";
            var (c1, byDefault, _) = cli.Score(request);
            var (c2, byClinic, _) = cli.Score(request, "--thresholds", file);
            Assert.Equal(0, c1);
            Assert.Equal(0, c2);
            Assert.Contains("\"mcid_met\":true", byDefault.Replace(" ", ""));
            Assert.Contains("\"mcid_met\":false", byClinic.Replace(" ", ""));

            File.WriteAllText(file, """{"instruments":{"PAIN_NRS":{"change":[{"score":"nrs","population":"x","absolute":4}]}}}""");
            var (bad, _, error) = cli.Thresholds("--thresholds", file);
            Assert.Equal(2, bad);
            Assert.Contains("instruments.PAIN_NRS.change[0].source", error);
        }
        finally { File.Delete(file); }
    }
}

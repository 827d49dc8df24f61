using System.Text;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>The NDJSON reading order: Procedure.ndjson read twice, harvests before the lots and administrations after.</summary>
public class ProcessingPassTests
{
    const string Harvest = """{"resourceType":"Procedure","id":"h1","category":{"coding":[{"code":"HARVEST"}]},"note":[{"text":"ADMINISTRATION"}]}""";
    const string Administration = """{"resourceType":"Procedure","id":"a1","category":{"coding":[{"code":"ADMINISTRATION"}]},"note":[{"text":"after \"HARVEST\""}]}""";

    static string ReadAll(Stream s) => new StreamReader(s, Encoding.UTF8).ReadToEnd();

    [Fact]
    public void Arrange_ProcedureFile_IsReadInTwoPassesAroundTheProducts()
    {
        (string, Stream) F(string name) => (name, new MemoryStream());
        var order = NdjsonPasses.Arrange([F("Procedure.ndjson"), F("Provenance.ndjson"), F("BiologicallyDerivedProduct.ndjson"), F("Patient.ndjson"), F("Other.ndjson"),
            F("AdverseEvent.ndjson"), F("CarePlan.ndjson"), F("Observation.ndjson")]).Select(f => f.Name).ToList();
        Assert.Equal(["Patient.ndjson", "CarePlan.ndjson", "Observation.ndjson", "Procedure.ndjson", "BiologicallyDerivedProduct.ndjson", "Provenance.ndjson",
            "Procedure.ndjson", "AdverseEvent.ndjson", "Other.ndjson"], order);
    }

    [Fact]
    public void Passes_SplitTheLinesByCategory_KeepLineNumbers_AndReadAgainFromTheStart()
    {
        var text = string.Join("\n", Administration, Harvest, "not json", "", Harvest) + "\n";
        var inner = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var passes = NdjsonPasses.Arrange([("Procedure.ndjson", inner)]);
        var harvests = ReadAll(passes[0].Stream).Split('\n');
        var rest = ReadAll(passes[1].Stream).Split('\n');
        Assert.Equal(["", Harvest, "", "", Harvest, ""], harvests);
        Assert.Equal([Administration, "", "not json", "", "", ""], rest);
        passes[0].Stream.Position = 0;
        Assert.Equal(harvests, ReadAll(passes[0].Stream).Split('\n'));
    }
}

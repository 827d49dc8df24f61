using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>The JSON path a refusal of a detail field points at, including a sub-extension that carries no value at all.</summary>
public class FhirDetailPathTests
{
    const string Url = "https://example.org/StructureDefinition/detail";

    static JsonElement Resource(string subs) =>
        JsonDocument.Parse($$"""{"resourceType":"Procedure","extension":[{"url":"other"},{"url":"{{Url}}","extension":[{{subs}}]}]}""").RootElement;

    [Theory]
    [InlineData("""{"url":"a","valueString":"x"},{"url":"dose","valueDecimal":3}""", "Procedure.extension[1].extension[1].valueDecimal")]
    [InlineData("""{"url":"dose"}""", "Procedure.extension[1].extension[0].value[x]")]
    [InlineData("""{"url":"dose","id":"d1"}""", "Procedure.extension[1].extension[0].value[x]")]
    [InlineData("""{"url":"a","valueString":"x"}""", "Procedure.extension[1]")]
    public void PathOf_NamesTheSubExtensionsValue_OrTheValueItLacks(string subs, string expected) =>
        Assert.Equal(expected, FhirDetail.PathOf(Resource(subs), "Procedure", Url, 0, "dose"));
}

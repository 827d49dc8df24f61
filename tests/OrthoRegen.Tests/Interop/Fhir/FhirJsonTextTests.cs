using System.Text;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>Strict reading of FHIR JSON text: a key given twice is refused naming where, not as "not JSON".</summary>
public class FhirJsonTextTests
{
    static ReadOnlyMemory<byte> Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"a","id":"b"}""", "id")]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{}},{"resource":{}},{"resource":{"valueQuantity":{"value":70,"code":"kg","code":"g"}}}]}""",
        "entry[2].resource.valueQuantity.code")]
    [InlineData("""{"a":[[{"b":1}],[{"c":1,"c":2}]]}""", "a[1][0].c")]
    public void RepeatedKey_IsRefused_WithThePathOfItsSecondOccurrence(string json, string path)
    {
        Assert.Null(FhirJsonText.TryParse(Utf8(json), out var problem, out var at));
        Assert.Equal(FhirMessages.DuplicateKey, problem);
        Assert.Equal(path, at);
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient",""")]
    [InlineData("not json")]
    [InlineData("""{"a":1}{"b":2}""")]
    public void BrokenJson_IsNotJson_WithoutAPath(string text)
    {
        Assert.Null(FhirJsonText.TryParse(Utf8(text), out var problem, out var at));
        Assert.Equal(FhirMessages.NotJson, problem);
        Assert.Null(at);
    }

    [Fact]
    public void InvalidUtf8_IsRefusedBeforeParsing()
    {
        Assert.Null(FhirJsonText.TryParse(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' }, out var problem, out var at));
        Assert.Equal(FhirMessages.NotUtf8, problem);
        Assert.Null(at);
    }

    [Fact]
    public void SameKeyInSiblingObjects_IsFine()
    {
        using var doc = FhirJsonText.TryParse(Utf8("""{"entry":[{"id":"a"},{"id":"b"}]}"""), out var problem, out _);
        Assert.NotNull(doc);
        Assert.Null(problem);
    }
}

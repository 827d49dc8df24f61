using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>An allogeneic lot with its contained donor, donor harvests and processing steps: record → JSON → record.</summary>
public class DonorMapperTests
{
    const string Lot = "0197a1b2c3d4e5f60718293a4b5c6d70";
    const string Donor = "0197a1b2c3d4e5f60718293a4b5c6d71";
    static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    static (string, string)? Relative(string reference) => reference.Split('/') is [var t, var id] && t.Length > 0 && id.Length > 0 ? (t, id) : null;

    internal static FhirProduct AllogeneicLot() => new(Lot, "DEMO-UC-Z999926000003", "Z999926000003", "S1407", "UC_MSC", "ALLOGENEIC", "RELEASED", At.AddDays(300), null,
        new([
            FhirDetail.Of(ProductExtensions.Lot, ("productType", "EXPANDED_MSC"), ("manipulation", "MORE_THAN_MINIMAL"), ("intendedRoute", "INTRATHECAL"), ("doseVolumeMl", 4.0)),
            FhirDetail.Of(ProductExtensions.DonorCollection, ("id", "0197a1b2c3d4e5f60718293a4b5c6d72"), ("tissue", "UMBILICAL_CORD"), ("collectedAt", At.AddDays(-40)),
                ("volumeMl", 26.0), ("collector", "demo.midwife"), ("din", "Z999926000003"), ("dinFlags", "00"), ("isTest", true)),
            FhirDetail.Of(ProductExtensions.Processing, ("step", "EXPANSION"), ("performedAt", At.AddDays(-10)), ("performedBy", "demo.technologist"), ("passage", 3), ("cultureDays", 31)),
            FhirDetail.Of(ProductExtensions.Processing, ("step", "CONCENTRATION"), ("performedAt", At.AddDays(-9)), ("performedBy", "demo.technologist"), ("tncE6", 512.5), ("volumeMl", 4.0),
                ("notes", "washed twice")),
            FhirDetail.Of(ProductExtensions.Division, ("divisionCode", "A0"), ("volumeMl", 4.0), ("viableCellsE6", 100.0), ("recipient", new FhirDetail.Ref("Patient", "p1"))),
        ]),
        new FhirDonor(Donor, "D-ABCDEFGH2", new([
            FhirDetail.Of(ProductExtensions.DonorDetail, ("donorType", "BIRTH_TISSUE"), ("donorConsentRef", "DEMO-DC-000003")),
            FhirDetail.Of(ProductExtensions.DonorScreening, ("marker", "HIV_1_2"), ("method", "NAT"), ("result", "NEG"), ("testedOn", "2026-01-20")),
            FhirDetail.Of(ProductExtensions.DonorScreening, ("marker", "HBV"), ("method", "SEROLOGY"), ("result", "NEG"), ("testedOn", "2026-01-21")),
        ])));

    [Fact]
    public void Read_WrittenAllogeneicLot_GivesTheSameLotDonorAndProcessing()
    {
        var lot = AllogeneicLot();
        var json = FhirMapper.ToJson(lot, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var back = FhirMapper.Read(doc.RootElement, new FhirRead(errors, "BiologicallyDerivedProduct", Relative));
        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(kv => kv.Key + " " + string.Join(",", kv.Value))));
        Assert.Equal(lot, back);
    }

    [Fact]
    public void Write_AllogeneicLot_ContainsTheTaggedDonorPatientReferencedByCollectionSource()
    {
        using var doc = JsonDocument.Parse(FhirMapper.ToJson(AllogeneicLot(), FhirLinks.Relative));
        var root = doc.RootElement;
        Assert.Equal("#" + Donor, root.GetProperty("collection").GetProperty("source").GetProperty("reference").GetString());
        var donor = root.GetProperty("contained")[0];
        Assert.Equal(("Patient", Donor), (donor.GetProperty("resourceType").GetString(), donor.GetProperty("id").GetString()));
        Assert.Equal(ProductExtensions.DonorTag, donor.GetProperty("meta").GetProperty("tag")[0].GetProperty("code").GetString());
        Assert.Contains(donor.GetProperty("identifier").EnumerateArray(), i => i.GetProperty("value").GetString() == "D-ABCDEFGH2");
        // Nothing that identifies a person: the donor programme keeps the identity.
        Assert.False(donor.TryGetProperty("name", out _));
        Assert.False(donor.TryGetProperty("birthDate", out _));
        Assert.Empty(FhirValidator.ValidateResource(root, "BiologicallyDerivedProduct", Relative));
    }

    [Theory]
    [InlineData("missing", "#0197a1b2c3d4e5f60718293a4b5c6d79", "BiologicallyDerivedProduct.collection.source.reference")]
    [InlineData("untagged", null, "BiologicallyDerivedProduct.contained[0].meta.tag")]
    [InlineData("no detail", null, "BiologicallyDerivedProduct.contained[0].extension")]
    public void Read_BrokenDonor_IsRefusedAtItsPath(string broken, string? reference, string path)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(FhirMapper.ToJson(AllogeneicLot(), FhirLinks.Relative))!;
        var donor = node["contained"]![0]!.AsObject();
        switch (broken)
        {
            case "missing": node["collection"]!["source"]!["reference"] = reference; break;
            case "untagged": donor.Remove("meta"); break;
            default:
                var ext = donor["extension"]!.AsArray();
                ext.Remove(ext.First(x => x!["url"]!.GetValue<string>() == ProductExtensions.DonorDetail));
                break;
        }
        using var doc = JsonDocument.Parse(node.ToJsonString());
        var errors = new FieldErrors();
        Assert.Null(FhirMapper.Read(doc.RootElement, new FhirRead(errors, "BiologicallyDerivedProduct", Relative)));
        Assert.Contains(path, errors.ToDictionary().Keys);
    }
}

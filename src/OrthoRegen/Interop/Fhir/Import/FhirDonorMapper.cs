using System.Text.Json;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The allogeneic donor of a lot in R4: a Patient contained in the BiologicallyDerivedProduct and referenced by
/// <c>collection.source</c> (<c>#id</c>). It is tagged <c>DONOR</c> (<see cref="FhirCodes.CodeSystem"/> <c>record-role</c>),
/// identified by the donor record system and the donor code, and carries only what the donor programme keeps here (no name,
/// no birth date): the <c>donor-detail</c> and <c>donor-screening</c> extensions. Being contained, it never reaches the
/// Patient import, so it is never counted as a registry patient; it travels with every lot made from the donor.
/// </summary>
public static class FhirDonorMapper
{
    public static readonly string RoleSystem = FhirCodes.CodeSystem("record-role");
    public static readonly string DonorCodeSystem = FhirCodes.RecordSystem("donor-code");

    /// <summary>Writes the <c>contained</c> array holding the donor Patient.</summary>
    internal static void WriteContained(Utf8JsonWriter w, FhirDonor donor, FhirLinks links)
    {
        w.WriteStartArray("contained");
        FhirWrite.Start(w, "Patient", donor.Id, "donor", donor.DonorCode is null ? [] : [(DonorCodeSystem, donor.DonorCode)]);
        w.WriteStartObject("meta");
        w.WriteStartArray("tag");
        FhirWrite.Coding(w, RoleSystem, ProductExtensions.DonorTag);
        w.WriteEndArray();
        w.WriteEndObject();
        FhirDetail.WriteAll(w, links, donor.Details);
        w.WriteBoolean("active", true);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>
    /// Reads the contained donor <paramref name="reference"/> (<c>#id</c>) of the product <paramref name="product"/>; errors at
    /// <c>{path}.contained[i]…</c>. Null (with an error) when it is missing or not a tagged donor Patient.
    /// </summary>
    internal static FhirDonor? Read(JsonElement product, FhirRead r, string reference)
    {
        var id = reference[1..];
        if (FhirRead.TryGet(product, "contained", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = -1;
            foreach (var x in list.EnumerateArray())
            {
                i++;
                if (!FhirRead.TryGetText(x, "id", out var cid) || cid != id) continue;
                var at = $"contained[{i}]";
                var sub = new FhirRead(r.Errors, r.At(at), _ => null);
                if (!FhirRead.TryGetText(x, "resourceType", out var type) || type != "Patient")
                {
                    r.Fail(at + ".resourceType", FhirMessages.BadValue("The donor of a lot is a contained Patient."));
                    return null;
                }
                if (!(FhirRead.TryGet(x, "meta", out var meta) && FhirRead.TryGet(meta, "tag", out var tags) && tags.GetRawText().Contains("\"" + ProductExtensions.DonorTag + "\"", StringComparison.Ordinal)))
                    r.Fail(at + ".meta.tag", FhirMessages.BadValue($"A donor Patient is tagged {RoleSystem}|{ProductExtensions.DonorTag}."));
                var code = FhirRead.Identifier(x, DonorCodeSystem);
                var details = FhirDetail.ReadAll(x, sub, ProductExtensions.DonorDetail, ProductExtensions.DonorScreening);
                if (details.Count(d => d.Url == ProductExtensions.DonorDetail) != 1)
                    sub.Fail("extension", FhirMessages.MissingExtension(ProductExtensions.DonorDetail));
                return r.Errors.IsEmpty ? new FhirDonor(id, code, new(details)) : null;
            }
        }
        r.Fail("collection.source.reference", FhirMessages.Dangling(reference));
        return null;
    }

    /// <summary>The path of the contained donor (for the import's rule errors): <c>{at}.contained[i]</c>.</summary>
    internal static string PathOf(JsonElement product, string at, string donorId)
    {
        if (FhirRead.TryGet(product, "contained", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = -1;
            foreach (var x in list.EnumerateArray())
            {
                i++;
                if (FhirRead.TryGetText(x, "id", out var cid) && cid == donorId) return $"{at}.contained[{i}]";
            }
        }
        return at + ".contained";
    }

    /// <summary>The contained donor element (for detail paths).</summary>
    internal static JsonElement? Element(JsonElement product, string donorId)
    {
        if (FhirRead.TryGet(product, "contained", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var x in list.EnumerateArray())
                if (FhirRead.TryGetText(x, "id", out var cid) && cid == donorId) return x;
        return null;
    }
}

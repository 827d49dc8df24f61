using System.Globalization;

namespace OrthoRegen.CellLab;

/// <summary>
/// The text of a product label (DOMAIN.md 3.4, I4): DIN with flags and check character, product code, the recipient's
/// pseudonym code (or the donor code for an unallocated allogeneic product), expiry, product and origin. By
/// construction it has no field for a name, national ID or medical record number (21 CFR 1271.290(c)).
/// </summary>
public sealed record ProductLabel
{
    public required string DinEyeReadable { get; init; }
    public required string DinCode { get; init; }
    public required char CheckCharacter { get; init; }
    public required string ProductCode { get; init; }
    public required string LotNumber { get; init; }
    /// <summary>The recipient's pseudonym code, or null when the product is not yet allocated.</summary>
    public string? PseudonymCode { get; init; }
    public string? DonorCode { get; init; }
    public required string CellSource { get; init; }
    public required string Origin { get; init; }
    public string? DivisionCode { get; init; }
    public double? VolumeMl { get; init; }
    public double? ViableCellsE6 { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public required bool IsTest { get; init; }

    /// <summary>The printed lines, in order. Times are UTC.</summary>
    public IReadOnlyList<string> Lines()
    {
        var l = new List<string>();
        if (IsTest) l.Add("TEST — NOT FOR CLINICAL USE (fictitious FIN)");
        l.Add("DIN " + DinEyeReadable);
        l.Add("PRODUCT " + ProductCode + (DivisionCode is null ? "" : " DIV " + DivisionCode));
        l.Add("LOT " + LotNumber);
        l.Add(CellSource + " · " + (Origin == CellLabCodes.Autologous ? "FOR AUTOLOGOUS USE ONLY" : "ALLOGENEIC"));
        if (PseudonymCode is not null) l.Add("RECIPIENT " + PseudonymCode);
        if (DonorCode is not null) l.Add("DONOR " + DonorCode);
        if (VolumeMl is { } v) l.Add(string.Create(CultureInfo.InvariantCulture, $"VOLUME {v:0.##} mL"));
        if (ViableCellsE6 is { } c) l.Add(string.Create(CultureInfo.InvariantCulture, $"VIABLE CELLS {c:0.##} x10^6"));
        l.Add("EXPIRES " + ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        return l;
    }

    public string Render() => string.Join("\n", Lines());
}

using System.Globalization;
using System.Text.RegularExpressions;
using OrthoRegen.Patients;

namespace OrthoRegen.CellLab;

/// <summary>
/// ISBT 128 Donation Identification Number (DOMAIN.md 3.4): a 5-character Facility Identification Number (FIN), the
/// 2-digit year of collection and a 6-digit sequence (13 characters), followed by 2 flag characters. The eye-readable
/// check character is ISO 7064 mod 37-2 over the 13 characters (not over the flags). Test vector from the UK Red Book
/// annex 2: <c>G123498654321</c> → <c>H</c>.
/// </summary>
/// <remarks>
/// The FIN is assigned by ICCBBA under licence. A DIN made with the fictitious default FIN is flagged
/// <see cref="IsTest"/> and its labels say TEST.
/// </remarks>
public sealed partial record Din
{
    public string Fin { get; }
    /// <summary>Two-digit year of collection (00–99).</summary>
    public int Year { get; }
    /// <summary>Facility sequence within the year, 1–999999.</summary>
    public int Sequence { get; }
    /// <summary>Two flag characters (default "00": no flag in use).</summary>
    public string Flags { get; }
    public bool IsTest { get; }

    Din(string fin, int year, int sequence, string flags, bool isTest) => (Fin, Year, Sequence, Flags, IsTest) = (fin, year, sequence, flags, isTest);

    /// <summary>Builds a DIN; throws for impossible parts (callers validate input first).</summary>
    public static Din From(string fin, int year, int sequence, string flags = "00", bool isTest = false)
    {
        if (!Isbt128.IsValidFin(fin)) throw new ArgumentException("A FIN is 5 characters: a letter A-Z then 4 digits or letters.", nameof(fin));
        if (year is < 0 or > 99) throw new ArgumentException("The year is 2 digits.", nameof(year));
        if (sequence is < 1 or > 999_999) throw new ArgumentException("The sequence is 1 to 999999.", nameof(sequence));
        if (!FlagPattern().IsMatch(flags)) throw new ArgumentException("Flags are 2 digits or letters.", nameof(flags));
        return new Din(fin, year, sequence, flags, isTest);
    }

    /// <summary>The 13 data characters, e.g. <c>G123498654321</c>.</summary>
    public string Code => string.Create(CultureInfo.InvariantCulture, $"{Fin}{Year:00}{Sequence:000000}");

    /// <summary>ISO 7064 mod 37-2 over <see cref="Code"/>.</summary>
    public char CheckCharacter => Isbt128.CheckCharacter(Code);

    /// <summary>Eye-readable form: the 13 characters, the flags and the boxed check character, e.g. <c>G1234 98 654321 00 [H]</c>.</summary>
    public string EyeReadable => string.Create(CultureInfo.InvariantCulture, $"{Fin} {Year:00} {Sequence:000000} {Flags} [{CheckCharacter}]");

    /// <summary>Reads 13 characters (optionally followed by 2 flags); null when malformed.</summary>
    public static Din? Parse(string? text, bool isTest = false)
    {
        if (text is null) return null;
        var m = DinPattern().Match(text.Trim().ToUpperInvariant());
        if (!m.Success) return null;
        var sequence = int.Parse(m.Groups["seq"].Value, CultureInfo.InvariantCulture);
        if (sequence == 0) return null;
        return new Din(m.Groups["fin"].Value, int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), sequence,
            m.Groups["flags"].Success ? m.Groups["flags"].Value : "00", isTest);
    }

    [GeneratedRegex("^[A-Z0-9]{2}$")] private static partial Regex FlagPattern();
    [GeneratedRegex("^(?<fin>[A-Z][A-Z0-9]{4})(?<y>[0-9]{2})(?<seq>[0-9]{6})(?<flags>[A-Z0-9]{2})?$")] private static partial Regex DinPattern();
}

/// <summary>
/// ISBT 128 Product Code [Data Structure 003] as used here: 5-character Product Description Code, 1-character type of
/// collection and 2-character division code (8 characters). Cellular-therapy PDCs lie in the "S" range.
/// </summary>
/// <remarks>REVIEW: character lengths and code tables must be checked against the licensed ICCBBA specification (DOMAIN.md 7).</remarks>
public sealed partial record ProductCode
{
    public string DescriptionCode { get; }
    public char CollectionType { get; }
    public string Division { get; }

    ProductCode(string pdc, char type, string division) => (DescriptionCode, CollectionType, Division) = (pdc, type, division);

    public static ProductCode From(string pdc, char collectionType, string division)
    {
        if (!PdcPattern().IsMatch(pdc)) throw new ArgumentException("A product description code is a letter and 4 digits or letters.", nameof(pdc));
        if (!char.IsAsciiLetterOrDigit(collectionType)) throw new ArgumentException("The collection type is one digit or letter.", nameof(collectionType));
        if (!Isbt128.IsValidDivision(division)) throw new ArgumentException("A division code is 2 digits or letters.", nameof(division));
        return new ProductCode(pdc, collectionType, division);
    }

    /// <summary>The 8 characters, e.g. <c>S1001A00</c>.</summary>
    public string Code => DescriptionCode + CollectionType + Division;

    public ProductCode WithDivision(string division) => From(DescriptionCode, CollectionType, division);

    public static ProductCode? Parse(string? text)
    {
        var t = text?.Trim();
        if (t is not { Length: 8 } || !PdcPattern().IsMatch(t[..5]) || !char.IsAsciiLetterOrDigit(t[5]) || !Isbt128.IsValidDivision(t[6..])) return null;
        return new ProductCode(t[..5], t[5], t[6..]);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]{4}$")] internal static partial Regex PdcPattern();
}

/// <summary>ISBT 128 helpers shared by DINs and product codes.</summary>
public static partial class Isbt128
{
    /// <summary>ISO 7064 mod 37-2 check character over the 13 DIN characters (the shared <see cref="Mod37_2"/>).</summary>
    public static char CheckCharacter(string din13)
    {
        if (din13 is not { Length: 13 }) throw new ArgumentException("A DIN has 13 characters.", nameof(din13));
        return Mod37_2.CheckCharacter(din13);
    }

    public static bool IsValidFin(string? fin) => fin is not null && FinPattern().IsMatch(fin);
    public static bool IsValidDivision(string? code) => code is not null && DivisionPattern().IsMatch(code);
    public static bool IsValidProductDescriptionCode(string? pdc) => pdc is not null && ProductCode.PdcPattern().IsMatch(pdc);

    /// <summary>
    /// Type-of-collection character of the product code for a lot's origin and donor type: A = for autologous use only,
    /// D = directed (related donor), V = volunteer allogeneic.
    /// </summary>
    /// <remarks>REVIEW: verify against the licensed ISBT 128 type-of-collection table.</remarks>
    public static char CollectionTypeFor(string origin, string? donorType) => origin switch
    {
        CellLabCodes.Autologous => 'A',
        _ when donorType == "RELATED" => 'D',
        _ => 'V',
    };

    [GeneratedRegex("^[A-Z][A-Z0-9]{4}$")] private static partial Regex FinPattern();
    [GeneratedRegex("^[A-Z0-9]{2}$")] private static partial Regex DivisionPattern();
}

namespace OrthoRegen.Instruments;

/// <summary>
/// A short text in each language the registry ships: English, Korean and Chinese (simplified). These are our own short
/// descriptions, not licensed wordings; a clinic's licensed wording is loaded separately (<see cref="LicensedWordings"/>).
/// </summary>
public sealed record LocalizedText(string En, string Ko, string Zh)
{
    /// <summary>The language tags the registry ships labels for (BCP 47).</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ko", "zh"];

    /// <summary>The text in <paramref name="language"/> ("en", "ko", "zh"); any other tag falls back to English.</summary>
    public string In(string language) => language switch
    {
        "ko" => Ko,
        "zh" => Zh,
        _ => En,
    };

    public override string ToString() => En;
}

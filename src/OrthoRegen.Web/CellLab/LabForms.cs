namespace OrthoRegen.Web.CellLab;

/// <summary>Form-field translation for the lab pages.</summary>
public static class LabForms
{
    /// <summary>
    /// A <c>datetime-local</c> value (no offset) is read as UTC by Core's instant parser; pass it through unchanged,
    /// adding ":00Z" so the meaning is explicit. Empty stays empty.
    /// </summary>
    // REVIEW: the clinic's time zone is not configured anywhere yet; lab times entered on the pages are taken as UTC.
    public static string? LocalInstant(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Length == 16 ? value.Trim() + ":00Z" : value.Trim();
}

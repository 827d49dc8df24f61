using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.CellLab;

/// <summary>
/// Resolves what lab staff type or scan into records they may see: a patient by id or pseudonym code (the code is what
/// labels and requisitions carry), and the site a new donor belongs to. Not visible = not found.
/// </summary>
public sealed class LabLookups(PatientStore patients, SiteStore sites)
{
    /// <summary>The patient named by id or pseudonym code, or null (with an error on <paramref name="field"/>) when unknown or not visible.</summary>
    public async Task<PatientView?> PatientAsync(Actor actor, string? idOrCode, string field, FieldErrors errors, bool required, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idOrCode))
        {
            if (required) errors.Add(field, "Required: the patient's id or pseudonym code.");
            return null;
        }
        var text = idOrCode.Trim();
        PatientView? found = null;
        if (Ids.LooksValid(text)) found = await patients.LoadAsync(actor, text, ct);
        else if (PseudonymCode.IsWellFormed(text.ToUpperInvariant()))
        {
            var page = await patients.SearchAsync(actor, text.ToUpperInvariant(), 1, 2, ct);
            if (page.Items.Count == 1) found = await patients.LoadAsync(actor, page.Items[0].Id, ct);
        }
        if (found is null) errors.Add(field, "No such patient at your sites (give the patient id or pseudonym code).");
        return found;
    }

    /// <summary>The site named by code among the actor's sites, or the actor's first site.</summary>
    public async Task<Site?> SiteAsync(Actor actor, string? siteCode, FieldErrors errors, CancellationToken ct)
    {
        var mine = (await sites.ListAsync(ct)).Where(s => actor.CanAccessSite(s.Id)).ToList();
        if (!string.IsNullOrWhiteSpace(siteCode))
        {
            var site = mine.FirstOrDefault(s => s.Code == siteCode.Trim());
            if (site is null) errors.Add("siteCode", "Not a site you belong to.");
            return site;
        }
        if (mine.Count == 0) { errors.Add("siteCode", "You are not a member of any site."); return null; }
        return mine[0];
    }
}

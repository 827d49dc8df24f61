using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.CellLab;
using OrthoRegen.Data;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Which of a donor's carried screening results the registry does not hold yet. A screening is a fact (marker, method,
/// result, test day); the donor store records a retest as one more result, so carried and stored results are matched as
/// multisets: each stored result accounts for one equal carried result, and the rest are added.
/// </summary>
static class DonorScreenings
{
    public static List<ScreeningResult> Added(IEnumerable<ScreeningResult> carried, IEnumerable<ScreeningResult> stored)
    {
        var left = stored.ToList();
        var added = new List<ScreeningResult>();
        foreach (var s in carried)
            if (!left.Remove(s)) added.Add(s);
        return added;
    }

    /// <summary>
    /// The content-hash view of an allogeneic lot's donor: its screening results are left out, since a donor is screened
    /// again after its first lot was exported (they are compared result by result instead, <see cref="Added"/>).
    /// </summary>
    public static FhirDonor? WithoutScreening(FhirDonor? donor) =>
        donor is null ? null : donor with { Details = new(donor.Details.Where(d => d.Url != ProductExtensions.DonorScreening)) };
}

public sealed partial class FhirImport
{
    /// <summary>
    /// The screening results a donor already in the registry gets from a later lot or bundle: each carried result is checked
    /// with <see cref="DonorStore.ValidateScreening"/> (the rules of <see cref="DonorStore.RecordScreeningAsync"/>, refused at
    /// its sub-extension), and those the registry does not hold (<see cref="DonorScreenings.Added"/>) are written with the
    /// shared unit, each audited as the store audits a recorded screening. Returns the donor's results after the import.
    /// </summary>
    List<ScreeningResult> PlanAddedScreenings(Actor actor, FhirDonor donor, string storedId, IReadOnlyList<ScreeningResult> stored, JsonElement element, string at,
        List<SharedWrite> writes, FieldErrors e, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var carried = new List<ScreeningResult>();
        var i = 0;
        foreach (var s in donor.Details.Where(d => d.Url == ProductExtensions.DonorScreening))
        {
            var index = i++;
            var g = new FieldErrors();
            var (marker, method, result, on) = DonorStore.ValidateScreening(g, new RecordScreening { Marker = s["marker"], Method = s["method"], Result = s["result"], TestedOn = s["testedOn"] }, today);
            foreach (var (field, m) in g.Messages) e.Add(FhirDetail.PathOf(element, at, ProductExtensions.DonorScreening, index, field), m);
            if (g.IsEmpty) carried.Add(new ScreeningResult(marker!, method!, result!, on!.Value));
        }
        var added = DonorScreenings.Added(carried, stored).Select(r => (Id: Ids.New(clock), Result: r)).ToList();
        if (!e.IsEmpty || added.Count == 0) return [.. stored];
        writes.Add(async (c, tx, b, _, now, by) =>
        {
            foreach (var (id, r) in added)
            {
                await b.Head.ExecuteAsync(ct, id, DonorStore.ScreeningKind, null, now, by);
                await c.ExecuteAsync(Imported(DonorStore.InsertScreening), new
                {
                    Id = id, DonorId = storedId, r.Marker, r.Method, r.Result, r.TestedOn, RecordedBy = by, RecordedAt = now,
                }, tx);
                await b.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, DonorStore.ScreeningKind, id, null,
                    [Entity, "donor_id", "marker", "method", "result", "tested_on"]), ct);
            }
        });
        return [.. stored, .. added.Select(a => a.Result)];
    }

    /// <summary>
    /// Allogeneic lots this unit matched (already in the registry): their donor's screening results recorded in the source
    /// after the lot first came in are added (<see cref="PlanAddedScreenings"/>) unless a lot created in this unit planned
    /// the same donor already. A matched lot with additions gets a write; the rest stay unchanged.
    /// </summary>
    async Task PlanMatchedDonorsAsync(FhirImportBatch batch, Actor actor, List<Planned> plan, ProductPlan state, Action<Entry, string, string> reject, CancellationToken ct)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i] is not { Fate: Fate.Match, Record: FhirProduct { Origin: CellLabCodes.Allogeneic, Donor: { } donor } } p || state.Donors.ContainsKey(donor.Id)) continue;
            var stored = await batch.ExistsAsync(donor.Id) ? donor.Id : await batch.BySourceAsync("Donor", donor.Id);
            if (stored is null) continue;
            var (c, tx) = (batch.Connection, batch.Transaction);
            var type = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(DonorTypeSql, new { id = stored }, tx, cancellationToken: ct));
            if (type is null) continue;
            var results = (await c.QueryAsync<ScreeningReadRow>(new CommandDefinition(DonorScreeningReadSql, new { id = stored }, tx, cancellationToken: ct)))
                .Select(x => new ScreeningResult(x.Marker, x.Method, x.Result, x.TestedOn)).ToList();
            var writes = new List<SharedWrite>();
            var e = new FieldErrors();
            var en = p.Entry;
            var all = PlanAddedScreenings(actor, donor, stored, results, FhirDonorMapper.Element(en.Resource, donor.Id)!.Value,
                FhirDonorMapper.PathOf(en.Resource, en.Path, donor.Id), writes, e, ct);
            foreach (var (path, m) in e.Messages) reject(en, path, m);
            state.Donors[donor.Id] = new DonorPlan(stored, type, all);
            if (writes.Count > 0)
                plan[i] = p with
                {
                    Write = async (conn, t, b, site, now, by) =>
                    {
                        foreach (var w in writes) await w(conn, t, b, site, now, by);
                        return (DonorStore.ScreeningKind, "");
                    },
                };
        }
    }
}

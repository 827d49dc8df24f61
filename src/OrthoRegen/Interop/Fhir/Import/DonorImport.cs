using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The donor side of an allogeneic lot on import: the contained donor Patient becomes a registered donor with its screening
/// results (<see cref="DonorStore.ValidateDonor"/>, <see cref="DonorStore.ValidateScreening"/>), and each
/// <c>donor-collection</c> detail an allogeneic harvest (<see cref="CollectionStore.ValidateFields"/>, the DIN it carries,
/// unique). Both are created once — by the first lot (in this import, or an earlier one) that carries them — and matched
/// afterwards by their record id (an import into the registry that exported them) or by the source id an earlier import
/// mapped (<c>fhir_identifiers</c> types <c>Donor</c> and <c>Procedure</c>); a matched donor gets the screening results it
/// does not hold yet (DonorScreeningImport.cs). An allogeneic lot serves many recipients, so it
/// and all of this are a shared unit, planned and written before any patient of the batch.
/// </summary>
public sealed partial class FhirImport
{
    /// <summary>A donor as the lot rules see it: its local id, type and screening (for the eligibility an allocation needs).</summary>
    sealed record DonorPlan(string LocalId, string DonorType, IReadOnlyList<ScreeningResult> Screening);

    /// <summary>Writes one donor or harvest record created with a lot.</summary>
    delegate Task SharedWrite(DbConnection c, DbTransaction tx, FhirImportBatch batch, Site? site, DateTimeOffset now, string by);

    const string DonorScreeningReadSql = """
        SELECT s.marker AS Marker, s.method AS Method, s.result AS Result, s.tested_on AS TestedOn
        FROM donor_screening_versions s JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
        WHERE s.donor_id = @id AND NOT s.entered_in_error
        """;
    const string DonorTypeSql = """
        SELECT v.donor_type FROM donors d JOIN record_heads h ON h.id = d.id JOIN donor_versions v ON v.id = d.id AND v.version = h.current_version
        WHERE d.id = @id AND NOT v.entered_in_error
        """;

    /// <summary>The content hash of a donor or harvest mapped on its own (same form as <see cref="FhirContentHash"/>).</summary>
    static string HashOf(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// What the content hash of a record covers: a banked allogeneic lot is written into each recipient's bundle showing only
    /// that recipient's allocation, so its recipients are left out and the lot matches whichever recipient's bundle carries it;
    /// and its donor's screening results are left out, since a donor screened again after the lot first came in is the same
    /// lot (the added results are compared and written on their own, DonorScreeningImport.cs).
    /// An adverse event's regulatory reports are left out too: a report submitted in the source after the event came in is
    /// the same event (its submission is compared and written on its own, RegulatoryReportImport.cs).
    /// And a plan's status and status history: a plan cancelled or completed in the source after it came in is the same plan
    /// (its later statuses are compared and written on their own, PlanStatusImport.cs).
    /// </summary>
    static IFhirRecord SharedView(IFhirRecord record) => record is FhirAdverseEvent a ? a with { Reports = ValueList<FhirDetail>.Empty } :
        record is FhirCarePlan plan ? plan with { Status = "", StatusHistory = ValueList<FhirDetail>.Empty } :
        LegacySharedView(record) is FhirProduct { Origin: CellLabCodes.Allogeneic, Donor: not null } p ? p with { Donor = DonorScreenings.WithoutScreening(p.Donor) } : LegacySharedView(record);

    /// <summary>
    /// The view hashed before screening results were left out: lots imported then carry that hash in <c>fhir_identifiers</c>,
    /// and are still matched by it.
    /// </summary>
    static IFhirRecord LegacySharedView(IFhirRecord record) =>
        record is FhirProduct { Origin: CellLabCodes.Allogeneic, Details: { } details } p
            ? p with { Details = new(details.Select(d => d with { Fields = new(d.Fields.Where(f => f.Name != "recipient")) })) }
            : record;

    sealed record ScreeningReadRow { public string Marker { get; init; } = ""; public string Method { get; init; } = ""; public string Result { get; init; } = ""; public DateOnly TestedOn { get; init; } }

    /// <summary>The donor of an allogeneic product: planned before (this unit), stored, or to create (its writes are added).</summary>
    async Task<DonorPlan?> PlanDonorAsync(FhirImportBatch batch, Actor actor, FhirProduct p, Entry en, ProductPlan state, List<SharedWrite> writes,
        FieldErrors e, CancellationToken ct)
    {
        var donor = p.Donor!;
        if (state.Donors.TryGetValue(donor.Id, out var known)) return known;
        var (c, tx) = (batch.Connection, batch.Transaction);
        var stored = await batch.ExistsAsync(donor.Id) ? donor.Id : await batch.BySourceAsync("Donor", donor.Id);
        if (stored is not null && await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(DonorTypeSql, new { id = stored }, tx, cancellationToken: ct)) is { } storedType)
        {
            var results = (await c.QueryAsync<ScreeningReadRow>(new CommandDefinition(DonorScreeningReadSql, new { id = stored }, tx, cancellationToken: ct)))
                .Select(x => new ScreeningResult(x.Marker, x.Method, x.Result, x.TestedOn)).ToList();
            // A donor screened again since it first came in: the new results are added (DonorScreeningImport.cs).
            var all = PlanAddedScreenings(actor, donor, stored, results, FhirDonorMapper.Element(en.Resource, donor.Id)!.Value,
                FhirDonorMapper.PathOf(en.Resource, en.Path, donor.Id), writes, e, ct);
            return e.IsEmpty ? state.Donors[donor.Id] = new DonorPlan(stored, storedType, all) : null;
        }
        var at = FhirDonorMapper.PathOf(en.Resource, en.Path, donor.Id);
        var element = FhirDonorMapper.Element(en.Resource, donor.Id)!.Value;
        string DetailPath(string url, int occurrence, string field) => FhirDetail.PathOf(element, at, url, occurrence, field);
        var detail = donor.Details.First(d => d.Url == ProductExtensions.DonorDetail);
        var f = new FieldErrors();
        var (type, consent) = DonorStore.ValidateDonor(f, new RegisterDonor { DonorType = detail["donorType"], DonorConsentRef = detail["donorConsentRef"] });
        foreach (var (field, m) in f.Messages) e.Add(DetailPath(ProductExtensions.DonorDetail, 0, field), m);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var screening = new List<(string Id, string Marker, string Method, string Result, DateOnly On)>();
        var i = 0;
        foreach (var s in donor.Details.Where(d => d.Url == ProductExtensions.DonorScreening))
        {
            var g = new FieldErrors();
            var (marker, method, result, on) = DonorStore.ValidateScreening(g, new RecordScreening { Marker = s["marker"], Method = s["method"], Result = s["result"], TestedOn = s["testedOn"] }, today);
            foreach (var (field, m) in g.Messages) e.Add(DetailPath(ProductExtensions.DonorScreening, i, field), m);
            if (g.IsEmpty) screening.Add((Ids.New(clock), marker!, method!, result!, on!.Value));
            i++;
        }
        if (!e.IsEmpty) return null;
        var id = Ids.New(clock);
        var hash = HashOf(donor.ToString());
        var system = FhirCodes.RecordSystem("donor");
        writes.Add(async (c2, tx2, b, site, now, by) =>
        {
            await b.Head.ExecuteAsync(ct, id, DonorStore.Kind, null, now, by);
            var code = donor.DonorCode;
            if (code is null || await c2.ExecuteScalarAsync<long>("SELECT count(*) FROM donors WHERE donor_code = @code", new { code }, tx2) > 0)
                for (var attempt = 0; ; attempt++)
                {
                    code = DonorStore.NewCode();
                    if (attempt >= 10 || await c2.ExecuteScalarAsync<long>("SELECT count(*) FROM donors WHERE donor_code = @code", new { code }, tx2) == 0) break;
                }
            await c2.ExecuteAsync(DonorStore.InsertDonor, new { Id = id, SiteId = SiteOf(site), Code = code, At = now }, tx2);
            await c2.ExecuteAsync(Imported(DonorStore.InsertVersion), new { Id = id, DonorType = type, ConsentRef = consent, RecordedBy = by, RecordedAt = now }, tx2);
            await b.Mapping.ExecuteAsync(ct, "Donor", system, donor.Id, donor.Id, id, null, hash, now, by);
            await b.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, DonorStore.Kind, id, null, [Entity, system + "|" + donor.Id]), ct);
            foreach (var s in screening)
            {
                await b.Head.ExecuteAsync(ct, s.Id, DonorStore.ScreeningKind, null, now, by);
                await c2.ExecuteAsync(Imported(DonorStore.InsertScreening), new
                {
                    s.Id, DonorId = id, s.Marker, s.Method, s.Result, TestedOn = s.On, RecordedBy = by, RecordedAt = now,
                }, tx2);
                await b.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, DonorStore.ScreeningKind, s.Id, null, [Entity, "donor_id", "marker", "result"]), ct);
            }
        });
        return state.Donors[donor.Id] = new DonorPlan(id, type!, [.. screening.Select(s => new ScreeningResult(s.Marker, s.Method, s.Result, s.On))]);
    }

    /// <summary>The harvests of an allogeneic product (its <c>donor-collection</c> details): planned, stored, or to create.</summary>
    async Task<List<CollectionView>> PlanDonorHarvestsAsync(FhirImportBatch batch, Actor actor, FhirProduct p, Entry en, DonorPlan donor, ProductPlan state,
        List<SharedWrite> writes, FieldErrors e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var list = new List<CollectionView>();
        var i = -1;
        foreach (var h in (p.Details ?? ValueList<FhirDetail>.Empty).Where(d => d.Url == ProductExtensions.DonorCollection))
        {
            i++;
            var index = i;
            string DetailPath(string field) => FhirDetail.PathOf(en.Resource, en.Path, ProductExtensions.DonorCollection, index, field);
            var source = h["id"];
            if (source is null) { e.Add(DetailPath("id"), FhirMessages.Required); continue; }
            if (state.Collections.TryGetValue(source, out var planned)) { list.Add(planned); continue; }
            var storedId = await batch.ExistsAsync(source) ? source : await batch.BySourceAsync("Procedure", source);
            if (storedId is not null && await batch.Connection.QuerySingleOrDefaultAsync<CollectionView>(new CommandDefinition(CollectionStore.SelectSql + " AND c.id = @id",
                    new { id = storedId }, batch.Transaction, cancellationToken: ct)) is { } stored)
            {
                if (stored.DonorId != donor.LocalId) e.Add(DetailPath("id"), CellLabMessages.I1MixedDonors);
                list.Add(state.Collections[source] = stored);
                continue;
            }
            var f = new FieldErrors();
            var (origin, tissue, collectedAt, volume, collector) = CollectionStore.ValidateFields(f, new RecordCollection
            {
                Origin = CellLabCodes.Allogeneic, Tissue = h["tissue"], CollectedAt = h["collectedAt"], VolumeMl = h.Number("volumeMl"), Collector = h["collector"],
            }, now);
            var din = Din.Parse((h["din"] ?? "") + (h["dinFlags"] ?? ""), h.Flag("isTest") ?? false);
            if (din is null) f.Add("din", "Not an ISBT 128 DIN (13 characters) with its 2 flag characters.");
            else if (state.Collections.Values.Any(x => x.Din == din.Code)
                     || await batch.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM lab_dins WHERE din = @din", new { din = din.Code }, batch.Transaction) > 0)
                f.Add("din", $"DIN {din.Code} already belongs to a collection of this registry.");
            foreach (var (field, m) in f.Messages) e.Add(DetailPath(field), m);
            if (!f.IsEmpty) continue;
            var id = Ids.New(clock);
            var view = new CollectionView
            {
                Id = id, SiteId = "", Origin = origin!, DonorId = donor.LocalId, Tissue = tissue!, CollectedAt = collectedAt!.Value, VolumeMl = volume!.Value,
                Collector = collector!, Din = din!.Code, DinFlags = din.Flags, CheckChar = din.CheckCharacter.ToString(), IsTest = din.IsTest,
            };
            list.Add(state.Collections[source] = view);
            var hash = HashOf(h.ToString());
            var system = FhirCodes.RecordSystem("collection");
            writes.Add(async (c, tx, b, site, at, by) =>
            {
                await b.Head.ExecuteAsync(ct, id, CollectionStore.Kind, null, at, by);
                await c.ExecuteAsync(CollectionStore.InsertDinSql, new { Din = view.Din, CollectionId = id, view.IsTest, At = at }, tx);
                await c.ExecuteAsync(ImportedCollection, new
                {
                    Id = id, SiteId = SiteOf(site), view.Origin, PatientId = (string?)null, view.DonorId, view.Tissue, view.CollectedAt, view.VolumeMl,
                    view.Collector, view.Din, view.DinFlags, view.CheckChar, view.IsTest, RecordedBy = by, RecordedAt = at,
                }, tx);
                await b.Mapping.ExecuteAsync(ct, "Procedure", system, source, source, id, null, hash, at, by);
                await b.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, CollectionStore.Kind, id, null, [Entity, system + "|" + source]), ct);
            });
        }
        if (i < 0) e.Add(en.Path + ".extension", FhirMessages.MissingExtension(ProductExtensions.DonorCollection));
        return list;
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Fhir;

/// <summary>Writes one planned product record inside the unit's transaction; returns the record kind and its patient.</summary>
delegate Task<(string Kind, string PatientId)> ProductWrite(DbConnection c, DbTransaction tx, FhirImportBatch batch, Site? site, DateTimeOffset now, string by);

/// <summary>
/// The product half of the pathway on import: a harvest Procedure becomes a collection, a BiologicallyDerivedProduct a
/// lot (with its processing steps, divisions and QC results), a Provenance a custody event or a version of the lot's
/// release decision. Each is checked with the cell lab's own rules (<see cref="CollectionStore"/>, <see cref="LotStore"/>,
/// <see cref="CustodyChain"/>, <see cref="ReleaseRules"/>) against what the same unit planned before it, and written in
/// the unit's transaction. A lot is imported with the unit of the patient it was harvested from (autologous, the only
/// origin a patient bundle can create: an allogeneic lot needs its donor, which no resource carries); a lot already in
/// the registry is matched by its identifier and never created twice.
/// </summary>
public sealed partial class FhirImport
{
    /// <summary>What a unit's product resources planned so far: harvests, lots and the state of each lot as the rules see it.</summary>
    sealed class ProductPlan
    {
        public readonly Dictionary<string, CollectionView> Collections = new(StringComparer.Ordinal);
        public readonly Dictionary<string, LotState> Lots = new(StringComparer.Ordinal);
        public readonly Dictionary<string, DonorPlan> Donors = new(StringComparer.Ordinal);
    }

    sealed class LotState
    {
        public required string LocalId { get; init; }
        /// <summary>The patient the lot's records are filed under (autologous: the donor patient); null for a shared allogeneic lot.</summary>
        public required string? PatientLocalId { get; init; }
        public required string ProductType { get; init; }
        public string Origin { get; init; } = CellLabCodes.Autologous;
        public required ProductSpec Spec { get; init; }
        public required string? Route { get; init; }
        public required double? DoseVolumeMl { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }
        public required List<QcResultView> Qc { get; init; }
        public required List<ProcessingStepView> Processing { get; init; }
        public required Dictionary<string, string> Divisions { get; init; }
        public List<CustodyEventView> Events { get; } = [];
        public string? DecisionId { get; set; }
        public int DecisionVersion { get; set; }
        public string? DecisionStatus { get; set; }
        /// <summary>Every planned decision version: when it was taken, its status and when the physician acknowledged it (for the bedside checks at a time).</summary>
        public List<(DateTimeOffset At, string Status, DateTimeOffset? AcknowledgedAt)> Decisions { get; } = [];
    }

    /// <summary>The order a unit is planned in: harvests before the lots made from them; custody and decisions by time.</summary>
    static (int, string) ImportRank(Entry en)
    {
        var o = en.Resource;
        var type = FhirRead.TryGetText(o, "resourceType", out var t) ? t : "";
        var index = FhirCodes.ResourceTypes.ToList().IndexOf(type);
        if (index < 0) return (999, "");
        if (type == "Observation" && FhirVitalSigns.IsVitalSign(o)) return (1, ""); // the recipient weight, before the lot release it feeds
        if (type == "Procedure" && FhirRead.TryGet(o, "category", out var cat) && cat.GetRawText().Contains("\"" + FhirProcedure.Harvest + "\"", StringComparison.Ordinal))
            return (FhirCodes.ResourceTypes.ToList().IndexOf("BiologicallyDerivedProduct") * 2 - 1, "");
        return (index * 2, type == "Provenance" && FhirRead.TryGetText(o, "recorded", out var at) ? at : "");
    }

    static bool CreatesProduct(IFhirRecord record) => record is FhirProduct or FhirProvenance or FhirProcedure { Kind: FhirProcedure.Harvest };

    /// <summary>Checks one product record against the lab's rules; returns how to write it, or null with errors.</summary>
    async Task<ProductWrite?> CheckProductAsync(FhirImportBatch batch, Actor actor, IFhirRecord record, Entry en, string localId, ProductPlan state,
        IReadOnlyList<Planned> planned, Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, FieldErrors e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var at = en.Path;
        string DetailPath(string url, int occurrence, string field) => FhirDetail.PathOf(en.Resource, at, url, occurrence, field);
        void Copy(FieldErrors from, Func<string, string> path)
        {
            foreach (var (field, m) in from.Messages) e.Add(path(field), m);
        }
        switch (record)
        {
            case FhirProcedure h:
            {
                if (h.Detail is not { } d || d.Url != ProductExtensions.Collection) { e.Add(at + ".extension", FhirMessages.MissingExtension(ProductExtensions.Collection)); return null; }
                var f = new FieldErrors();
                var (origin, tissue, collectedAt, volume, collector) = CollectionStore.ValidateFields(f, new RecordCollection
                {
                    Origin = d["origin"], Tissue = h.Code, CollectedAt = FhirWrite.Instant(h.PerformedAt), VolumeMl = d.Number("volumeMl"), Collector = d["collector"],
                }, now);
                if (origin == CellLabCodes.Allogeneic) f.Add("origin", "An allogeneic harvest travels with its lot (the lot's donor-collection details and contained donor), not as a patient Procedure.");
                var din = Din.Parse((d["din"] ?? "") + (d["dinFlags"] ?? ""), d.Flag("isTest") ?? false);
                if (din is null) f.Add("din", "Not an ISBT 128 DIN (13 characters) with its 2 flag characters.");
                else if (await batch.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM lab_dins WHERE din = @din", new { din = din.Code }, batch.Transaction) > 0)
                    f.Add("din", $"DIN {din.Code} already belongs to a collection of this registry.");
                var patientId = await LocalIdAsync(batch, actor, "Patient", h.PatientId, pending, local, ct);
                if (patientId is not null && !planned.Any(p => p.Record is FhirConsent { WithdrawnAt: null } c && c.PatientId == h.PatientId)
                    && await batch.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM consent_versions WHERE patient_id = @patientId AND withdrawn_at IS NULL",
                        new { patientId }, batch.Transaction) == 0)
                    e.Add(at + ".subject", CellLabMessages.NoConsent);
                Copy(f, field => field switch
                {
                    "tissue" => at + ".code", "collectedAt" => at + ".performedDateTime", _ => DetailPath(ProductExtensions.Collection, 0, field),
                });
                if (!e.IsEmpty) return null;
                var view = new CollectionView
                {
                    Id = localId, SiteId = "", Origin = origin!, PatientId = patientId, Tissue = tissue!, CollectedAt = collectedAt!.Value, VolumeMl = volume!.Value,
                    Collector = collector!, Din = din!.Code, DinFlags = din.Flags, CheckChar = din.CheckCharacter.ToString(), IsTest = din.IsTest,
                };
                state.Collections[h.Id] = view;
                return async (c, tx, b, site, at2, by) =>
                {
                    var patient = local[("Patient", h.PatientId)];
                    await b.Head.ExecuteAsync(ct, localId, CollectionStore.Kind, patient, at2, by);
                    await c.ExecuteAsync(CollectionStore.InsertDinSql, new { Din = view.Din, CollectionId = localId, view.IsTest, At = at2 }, tx);
                    await c.ExecuteAsync(ImportedCollection, new
                    {
                        Id = localId, SiteId = SiteOf(site), view.Origin, PatientId = patient, DonorId = (string?)null, view.Tissue, view.CollectedAt, view.VolumeMl,
                        view.Collector, view.Din, view.DinFlags, view.CheckChar, view.IsTest, RecordedBy = by, RecordedAt = at2,
                    }, tx);
                    return (CollectionStore.Kind, patient);
                };
            }
            case FhirProduct p:
            {
                var details = p.Details ?? ValueList<FhirDetail>.Empty;
                var d = details.FirstOrDefault(x => x.Url == ProductExtensions.Lot);
                if (d is null) { e.Add(at + ".extension", FhirMessages.MissingExtension(ProductExtensions.Lot)); return null; }
                var f = new FieldErrors();
                var sources = d.All("collection").ToList();
                var (lotNumber, productType, spec, cellSource, manipulation, route, planId, physician, doseVolume, _) = LotStore.ValidateLotFields(f, new CreateLot
                {
                    LotNumber = p.LotNumber, ProductType = d["productType"], CellSource = p.CellSource, Manipulation = d["manipulation"], IntendedRoute = d["intendedRoute"],
                    PlanId = d["planId"], TreatingPhysician = d["treatingPhysician"], DoseVolumeMl = d.Number("doseVolumeMl"), ExpiresAt = FhirWrite.Instant(p.ExpiresAt),
                }, rules.Specs);
                if (lotNumber is not null && await batch.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM product_lots WHERE lot_number = @lotNumber",
                        new { lotNumber }, batch.Transaction) > 0)
                    e.Add(at + ".identifier", $"Lot number {lotNumber} is already in use.");
                var collections = new List<CollectionView>();
                var sharedWrites = new List<SharedWrite>();
                DonorPlan? donor = null;
                if (p.Origin == CellLabCodes.Allogeneic)
                {
                    // A banked lot: its donor and the donor's harvests travel with it and are created once (DonorImport.cs).
                    if (p.Donor is null) e.Add(at + ".collection.source", FhirMessages.BadValue("An allogeneic lot names its donor: a contained donor Patient (collection.source.reference #id)."));
                    else if (await PlanDonorAsync(batch, actor, p, en, state, sharedWrites, e, ct) is { } donorPlan)
                    {
                        donor = donorPlan;
                        collections = await PlanDonorHarvestsAsync(batch, actor, p, en, donorPlan, state, sharedWrites, e, ct);
                    }
                    if (sources.Count > 0) f.Add("collection", "An allogeneic lot's harvests are its donor-collection details, not patient Procedures.");
                }
                else
                {
                    foreach (var source in sources)
                        if (state.Collections.TryGetValue(source, out var col)) collections.Add(col);
                        else if (await StoredCollectionAsync(batch, actor, source, pending, local, ct) is { } stored) collections.Add(stored);
                        else f.Add("collection", $"The harvest Procedure/{source} must come before the lot made from it (in the same import or already in the registry).");
                    if (sources.Count == 0) f.Add("collection", "Required: the harvest Procedure(s) the lot was made from.");
                }
                if (!e.IsEmpty) return null;
                var (origin, donorPatient, _) = LotStore.CheckCollections(f, cellSource, collections);
                if (origin is not null && origin != p.Origin) e.Add(at + ".productCode", $"The product says {p.Origin}; its collections are {origin}.");
                if (collections.Count > 0 && collections[0].Din != p.Din) e.Add(at + ".identifier", $"The lot's DIN is its first collection's DIN {collections[0].Din}.");
                if (spec is not null && spec.ProductDescriptionCode.Value != p.ProductCode)
                    e.Add(at + ".productCode", $"The ISBT 128 product description code of a {productType} lot is {spec.ProductDescriptionCode.Value}.");
                // Autologous: the recipient is the donor patient (I1). Allogeneic: a recipient not (yet) in the registry leaves the lot unassigned.
                var lotRecipient = donorPatient;
                if (d["recipient"] is { } recipient)
                {
                    var found = await LocalIdAsync(batch, actor, "Patient", recipient, pending, local, ct);
                    if (origin == CellLabCodes.Allogeneic) lotRecipient = found;
                    else if (found != donorPatient) f.Add("recipient", CellLabMessages.I1Mismatch);
                }
                Copy(f, field => field switch
                {
                    "lotNumber" => at + ".identifier", "cellSource" => at + ".productCode", "expiresAt" => at + ".storage[0].duration.end",
                    "collectionIds" => DetailPath(ProductExtensions.Lot, 0, "collection"), _ => DetailPath(ProductExtensions.Lot, 0, field),
                });
                var qc = new List<QcResultView>();
                var divisions = new Dictionary<string, string>(StringComparer.Ordinal);
                var divisionRows = new List<(string Id, string Code, double Volume, double? Cells, string? Recipient)>();
                int qi = 0, di = 0, pi = 0;
                var processing = new List<ProcessingStepView>();
                foreach (var x in details)
                {
                    var g = new FieldErrors();
                    if (x.Url == ProductExtensions.Qc)
                    {
                        var i = qi++;
                        if (LotStore.ValidateQc(g, new RecordQcResult
                            {
                                Test = x["test"], Method = x["method"], Value = x.Number("value"), Unit = x["unit"], Result = x["result"], SampledAt = x["sampledAt"],
                                ResultedAt = x["resultedAt"], Analyst = x["analyst"] ?? "",
                            }, Ids.New(clock), "import", qc, now) is { } q) qc.Add(q with { Analyst = x["analyst"] ?? q.Analyst });
                        Copy(g, field => DetailPath(ProductExtensions.Qc, i, field));
                    }
                    else if (x.Url == ProductExtensions.Division)
                    {
                        var i = di++;
                        var (code, volume, cells) = LotStore.ValidateDivision(g, new AddDivision { DivisionCode = x["divisionCode"], VolumeMl = x.Number("volumeMl"), ViableCellsE6 = x.Number("viableCellsE6") },
                            divisions.Keys.ToList());
                        string? allocatedTo = null;
                        if (x["recipient"] is { } r)
                        {
                            allocatedTo = await LocalIdAsync(batch, actor, "Patient", r, pending, local, ct);
                            if (origin == CellLabCodes.Autologous && allocatedTo != donorPatient) g.Add("recipient", CellLabMessages.I1Mismatch);
                            // LotStore.AllocateAsync's rule: an allogeneic division goes to a recipient only from an ELIGIBLE donor.
                            if (origin == CellLabCodes.Allogeneic && allocatedTo is not null
                                && DonorEligibility.Derive(donor!.Screening, labOptions.RequiredDonorMarkers) != CellLabCodes.Eligible)
                                g.Add("recipient", CellLabMessages.DonorNotEligible);
                        }
                        Copy(g, field => DetailPath(ProductExtensions.Division, i, field));
                        if (g.IsEmpty) { var id = Ids.New(clock); divisions[code!] = id; divisionRows.Add((id, code!, volume!.Value, cells, allocatedTo)); }
                    }
                    else if (x.Url == ProductExtensions.Processing)
                    {
                        var i = pi++;
                        if (LotStore.ValidateProcessing(g, new RecordProcessingStep
                            {
                                Step = x["step"], PerformedAt = x["performedAt"], PerformedBy = x["performedBy"], Passage = x.Integer("passage"),
                                CultureDays = x.Integer("cultureDays"), TncE6 = x.Number("tncE6"), VolumeMl = x.Number("volumeMl"), Notes = x["notes"],
                            }, productType ?? "", collections.Count > 0 ? collections.Min(c => c.CollectedAt) : (DateTimeOffset?)null, Ids.New(clock), now) is { } step)
                            processing.Add(step);
                        Copy(g, field => DetailPath(ProductExtensions.Processing, i, field));
                    }
                }
                if (!e.IsEmpty || spec is null) return null;
                var lotState = new LotState
                {
                    LocalId = localId, PatientLocalId = donorPatient, ProductType = productType!, Origin = origin!, Spec = spec, Route = route, DoseVolumeMl = doseVolume,
                    ExpiresAt = p.ExpiresAt, Qc = qc, Processing = processing, Divisions = divisions,
                };
                state.Lots[p.Id] = lotState;
                var collectionType = Isbt128.CollectionTypeFor(origin!, donor?.DonorType);
                return async (c, tx, b, site, at2, by) =>
                {
                    var patient = lotState.PatientLocalId;
                    foreach (var write in sharedWrites) await write(c, tx, b, site, at2, by);
                    var plan = planId is not null && (local.GetValueOrDefault(("CarePlan", planId)) ?? await b.BySourceAsync("CarePlan", planId)) is { } mapped ? mapped : planId;
                    await b.Head.ExecuteAsync(ct, localId, LotStore.Kind, patient, at2, by);
                    await c.ExecuteAsync(LotStore.InsertLot, new { Id = localId, SiteId = SiteOf(site), LotNumber = lotNumber, p.Din, At = at2 }, tx);
                    await c.ExecuteAsync(ImportedLotVersion, new
                    {
                        Id = localId, ProductType = productType, CellSource = cellSource, Origin = origin, Manipulation = manipulation,
                        Pdc = spec.ProductDescriptionCode.Value, CollectionType = collectionType.ToString(), RecipientPatientId = lotRecipient,
                        IntendedRoute = route, PlanId = plan, TreatingPhysician = physician, DoseVolumeMl = doseVolume, ExpiresAt = p.ExpiresAt,
                        RecordedBy = by, RecordedAt = at2,
                    }, tx);
                    foreach (var col in collections) await c.ExecuteAsync(LotStore.InsertLotCollection, new { LotId = localId, CollectionId = col.Id }, tx);
                    foreach (var row in divisionRows)
                    {
                        await b.Head.ExecuteAsync(ct, row.Id, LotStore.DivisionKind, row.Recipient ?? patient, at2, by);
                        await c.ExecuteAsync(ImportedLotDivision, new
                        {
                            row.Id, Version = 1, LotId = localId, DivisionCode = row.Code, VolumeMl = row.Volume, ViableCellsE6 = row.Cells,
                            RecipientPatientId = row.Recipient, AllocatedAt = row.Recipient is null ? (DateTimeOffset?)null : at2,
                            RecordedBy = by, RecordedAt = at2, Reason = (string?)null,
                        }, tx);
                    }
                    foreach (var step in processing)
                    {
                        await b.Head.ExecuteAsync(ct, step.Id, LotStore.ProcessingKind, patient, at2, by);
                        await c.ExecuteAsync(ImportedProcessing, new
                        {
                            step.Id, LotId = localId, step.Step, step.PerformedAt, step.PerformedBy, step.Passage, step.CultureDays, step.TncE6, step.VolumeMl,
                            step.Notes, RecordedBy = by, RecordedAt = at2,
                        }, tx);
                    }
                    foreach (var q in qc)
                    {
                        await b.Head.ExecuteAsync(ct, q.Id, LotStore.QcKind, patient, at2, by);
                        await c.ExecuteAsync(ImportedLotQc, LotStore.QcParameters(localId, q with { RecordedAt = at2 }, null), tx);
                    }
                    return (LotStore.Kind, NoPatientIfShared(patient));
                };
            }
            case FhirProvenance v:
            {
                if (!state.Lots.TryGetValue(v.LotId, out var lot) && await StoredLotAsync(batch, actor, v.LotId, pending, local, ct) is { } stored)
                    state.Lots[v.LotId] = lot = stored;
                if (lot is null)
                {
                    e.Add(at + ".target[0].reference", "The lot must come before its custody events and release decisions (in the same import or already in the registry).");
                    return null;
                }
                var f = new FieldErrors();
                if (v.Event.StartsWith("DECISION_", StringComparison.Ordinal))
                {
                    var status = v.Event["DECISION_".Length..];
                    var d = v.Detail;
                    var weight = lot.Origin == CellLabCodes.Allogeneic ? lot.Spec.EndotoxinReferenceWeightKg?.Value
                        : await RecipientWeightAsync(batch, lot.PatientLocalId, v.At, planned, pending, local, ct);
                    // The rules as QA saw them when deciding: a result that came out later was still pending then (a same-day product
                    // released conditionally while its sterility culture runs), a sample taken later did not exist yet.
                    var qcThen = lot.Qc.Where(q => q.SampledAt <= v.At)
                        .Select(q => q.ResultedAt is { } done && done > v.At ? q with { Value = null, Result = CellLabCodes.Pending, ResultedAt = null } : q).ToList();
                    var rule = rules.Evaluate(LotStore.InputFor(lot.ProductType, lot.Spec, qcThen, lot.Processing, lot.Events, weight, lot.Route, lot.DoseVolumeMl)).RuleResult;
                    var ack = d?["physicianAckBy"] is not null;
                    if (!(ack && status == lot.DecisionStatus))
                        LotStore.CheckDecision(f, new DecideRelease { Status = status, Reason = d?["reason"] }, rule, lot.DecisionStatus, v.Agent, lot.Qc.Select(q => q.Analyst).ToList());
                    Copy(f, field => field switch
                    {
                        "status" => at + ".activity", "authorisedBy" => at + ".agent[0].who.display", _ => DetailPath(ProductExtensions.Decision, 0, field),
                    });
                    if (!e.IsEmpty) return null;
                    var first = lot.DecisionId is null;
                    lot.DecisionId ??= Ids.New(clock);
                    var decisionId = lot.DecisionId;
                    var version = ++lot.DecisionVersion;
                    lot.DecisionStatus = status;
                    lot.Decisions.Add((v.At, status, d?["physicianAckAt"] is { } ackText ? DateTimeOffset.Parse(ackText, CultureInfo.InvariantCulture) : null));
                    return async (c, tx, b, site, at2, by) =>
                    {
                        var patient = lot.PatientLocalId;
                        if (first) await b.Head.ExecuteAsync(ct, decisionId, LotStore.DecisionKind, patient, at2, by);
                        else if (await VersionedRecords.NextVersionAsync(c, tx, decisionId, LotStore.DecisionKind, version - 1) != version)
                            throw new InvalidOperationException("The imported decision's versions are out of step.");
                        await c.ExecuteAsync(ImportedLotDecision, new
                        {
                            Id = decisionId, Version = version, LotId = lot.LocalId, Status = status, RuleResult = rule, Trace = "[]", AuthorisedBy = v.Agent,
                            DecidedAt = v.At, PhysicianAckBy = d?["physicianAckBy"], PhysicianAckAt = d?["physicianAckAt"] is { } ackAt ? DateTimeOffset.Parse(ackAt, CultureInfo.InvariantCulture) : (DateTimeOffset?)null,
                            PhysicianAckNote = d?["physicianAckNote"], RecordedBy = by, RecordedAt = at2, Reason = d?["reason"],
                        }, tx);
                        return (LotStore.DecisionKind, NoPatientIfShared(patient));
                    };
                }
                var cd = v.Detail;
                if (cd is null || cd.Url != ProductExtensions.Custody) { e.Add(at + ".extension", FhirMessages.MissingExtension(ProductExtensions.Custody)); return null; }
                var kind = cd["itemKind"];
                string? itemId = kind switch
                {
                    CellLabCodes.ItemLot => lot.LocalId,
                    CellLabCodes.ItemDivision => cd["divisionCode"] is { } code ? lot.Divisions.GetValueOrDefault(code) : null,
                    _ => null,
                };
                if (itemId is null) f.Add("itemKind", "A custody event of the lot (LOT) or of one of its divisions (DIVISION, with divisionCode).");
                var request = new RecordCustodyEvent
                {
                    ItemKind = kind, ItemId = itemId ?? "", Event = v.Event, FromParty = v.Agent, ToParty = v.ToParty, Location = v.Location, At = FhirWrite.Instant(v.At),
                    TempC = cd.Number("tempC"), TempLoggerId = cd["tempLoggerId"], ConditionOk = cd.Flag("conditionOk"), Verifier1 = cd["verifier1"],
                    Verifier2 = cd["verifier2"], Notes = cd["notes"],
                };
                var (valid, g) = CustodyChain.Validate(request, lot.Events.Where(x => x.ItemId == itemId).ToList(), now, lot.ExpiresAt);
                foreach (var (field, m) in g.Messages) f.Add(field, m);
                Copy(f, field => field switch
                {
                    "event" => at + ".activity", "fromParty" => at + ".agent[0].who.display", "toParty" => at + ".agent[1].who.display", "at" => at + ".recorded",
                    "location" => at + ".extension", _ => DetailPath(ProductExtensions.Custody, 0, field),
                });
                if (!e.IsEmpty || valid is null) return null;
                lot.Events.Add(new CustodyEventView
                {
                    Id = localId, ItemKind = valid.ItemKind, ItemId = valid.ItemId, LotId = lot.LocalId, Event = valid.Event, FromParty = valid.FromParty, ToParty = valid.ToParty,
                    Location = valid.Location, At = valid.At, TempC = valid.TempC, TempLoggerId = valid.TempLoggerId, ConditionOk = valid.ConditionOk,
                    Verifier1 = valid.Verifier1, Verifier2 = valid.Verifier2, ExpiresAt = valid.ExpiresAt, Notes = valid.Notes, RecordedAt = now,
                });
                return async (c, tx, b, site, at2, by) =>
                {
                    var patient = lot.PatientLocalId;
                    await b.Head.ExecuteAsync(ct, localId, CustodyStore.Kind, patient, at2, by);
                    await c.ExecuteAsync(ImportedCustody, new
                    {
                        Id = localId, SiteId = SiteOf(site), valid.ItemKind, valid.ItemId, LotId = lot.LocalId, valid.Event, valid.FromParty, valid.ToParty, valid.Location,
                        valid.At, valid.TempC, valid.TempLoggerId, valid.ConditionOk, valid.Verifier1, valid.Verifier2, valid.ExpiresAt, valid.Notes,
                        RecordedBy = by, RecordedAt = at2,
                    }, tx);
                    return (CustodyStore.Kind, NoPatientIfShared(patient));
                };
            }
            default:
                throw new ArgumentException($"{record.ResourceType} is not a product resource.", nameof(record));
        }
    }

    /// <summary>
    /// The patient a product record's mapping and audit rows name: none (NULL) for a shared allogeneic lot, which serves many
    /// recipients. <see cref="ProductWrite"/> is typed for the patient records most writes return.
    /// </summary>
    static string NoPatientIfShared(string? patient) => patient!;

    static string SiteOf(Site? site) => site?.Id ?? throw new InvalidOperationException("The importing user belongs to no site.");

    /// <summary>The store's insert with the row's source set to <c>import</c> (the stores write <c>clinic</c>).</summary>
    /// <summary>A store's INSERT with the row's source 'import' instead of 'clinic' (made once, not per row).</summary>
    static string Imported(string sql) => sql.Replace("'clinic'", "'import'", StringComparison.Ordinal);

    static readonly string ImportedCollection = Imported(CollectionStore.InsertSql);
    static readonly string ImportedLotVersion = Imported(LotStore.InsertLotVersion);
    static readonly string ImportedLotDivision = Imported(LotStore.InsertDivision);
    static readonly string ImportedLotQc = Imported(LotStore.InsertQc);
    static readonly string ImportedProcessing = Imported(LotStore.InsertProcessing);
    static readonly string ImportedLotDecision = Imported(LotStore.InsertDecision);
    static readonly string ImportedCustody = Imported(CustodyStore.InsertSql);
}

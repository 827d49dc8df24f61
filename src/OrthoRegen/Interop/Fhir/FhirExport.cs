using System.Text.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Writes a patient's records as a FHIR R4 transaction Bundle (fullUrl urn:uuid, PUT with a conditional identifier so
/// a re-import updates nothing), or many patients as Bulk Data NDJSON (one file per resource type). Both stream: a
/// patient's records are read, written and dropped before the next patient. Every export is audited per patient.
/// </summary>
public sealed class FhirExport(Database database, PatientStore patients, AuditTrail audit, FhirStore store, InstrumentCatalog catalog)
{
    public const string Entity = "fhir_export";

    /// <summary>Writes the bundle of <paramref name="patientId"/>; false (nothing written) when the actor may not see the patient.</summary>
    public async Task<bool> WriteBundleAsync(Actor actor, string patientId, Stream output, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return false;
        var records = await PatientRecordsAsync(patientId, ct);
        await using (var w = new Utf8JsonWriter(output, FhirWrite.Options))
        {
            w.WriteStartObject();
            w.WriteString("resourceType", "Bundle");
            w.WriteString("type", "transaction");
            w.WriteStartArray("entry");
            foreach (var definition in Questionnaires(records))
            {
                w.WriteStartObject();
                w.WriteString("fullUrl", FhirCodes.UrnOf("Questionnaire", definition.Code));
                w.WritePropertyName("resource");
                FhirQuestionnaire.Write(w, definition);
                Request(w, "Questionnaire?url=" + FhirQuestionnaire.Url(definition));
                w.WriteEndObject();
            }
            foreach (var r in records)
            {
                w.WriteStartObject();
                w.WriteString("fullUrl", FhirCodes.UrnOf(r.ResourceType, r.Id));
                w.WritePropertyName("resource");
                FhirMapper.Write(w, r, FhirLinks.Bundle);
                Request(w, $"{r.ResourceType}?identifier={FhirCodes.RecordSystem(KindOf(r))}|{r.Id}");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Entity, null, patientId, ["bundle"]), ct);
        return true;
    }

    /// <summary>The identifier kind a record is written with (the second path segment of its identifier system).</summary>
    public static string KindOf(IFhirRecord r) => r switch
    {
        FhirPatient => "patient",
        FhirConsent => "consent",
        FhirCondition => "assessment",
        FhirObservation => "observation",
        FhirQuestionnaireResponse => "instrument_response",
        FhirCarePlan => "treatment_plan",
        FhirProcedure p => p.Kind == FhirProcedure.Harvest ? "collection" : "administration",
        FhirProduct => "product_lot",
        FhirProvenance => "custody_event",
        FhirEncounter => "follow_up_visit",
        FhirAdverseEvent => "adverse_event",
        _ => throw new ArgumentException($"No identifier kind for {r.GetType().Name}.", nameof(r)),
    };

    static void Request(Utf8JsonWriter w, string url)
    {
        w.WriteStartObject("request");
        w.WriteString("method", "PUT");
        w.WriteString("url", url);
        w.WriteEndObject();
    }

    IEnumerable<InstrumentDefinition> Questionnaires(IEnumerable<IFhirRecord> records) =>
        records.OfType<FhirQuestionnaireResponse>().Select(q => q.Instrument).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code => catalog.Find(code)?.Definition).OfType<InstrumentDefinition>();

    /// <summary>Everything one patient bundle carries, in <see cref="FhirCodes.ResourceTypes"/> order.</summary>
    public async Task<IReadOnlyList<IFhirRecord>> PatientRecordsAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var list = new List<IFhirRecord>();
        foreach (var type in FhirCodes.ResourceTypes)
        {
            switch (type)
            {
                case "Questionnaire": break;
                case "BiologicallyDerivedProduct":
                    foreach (var lot in await FhirStore.LotIdsAsync(c, patientId, ct))
                        if (await FhirStore.ProductAsync(c, lot, patientId, ct) is { } p) list.Add(p);
                    break;
                case "Provenance":
                    foreach (var lot in await FhirStore.LotIdsAsync(c, patientId, ct)) list.AddRange(await FhirStore.ProvenanceAsync(c, lot, ct));
                    break;
                default:
                    list.AddRange(await store.RecordsAsync(c, patientId, type, ct));
                    break;
            }
        }
        return list;
    }

    /// <summary>
    /// Bulk Data NDJSON: one file per resource type (<c>Patient.ndjson</c> …), created through <paramref name="open"/>
    /// only when it gets a line. <paramref name="patientIds"/> null = every patient the actor may see. Patients the
    /// actor may not see are skipped (and counted in <see cref="NdjsonExport.Skipped"/>). Lots shared by several
    /// patients are written once.
    /// </summary>
    public async Task<NdjsonExport> WriteNdjsonAsync(Actor actor, IReadOnlyList<string>? patientIds, Func<string, Stream> open,
        string? onlyType, IProgress<int>? progress, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var streams = new Dictionary<string, (Stream Stream, Utf8JsonWriter Writer)>(StringComparer.Ordinal);
        var seenLots = new HashSet<string>(StringComparer.Ordinal);
        var seenInstruments = new HashSet<string>(StringComparer.Ordinal);
        int exported = 0, skipped = 0;
        void Line(string type, Action<Utf8JsonWriter> write)
        {
            if (onlyType is not null && type != onlyType) return;
            if (!streams.TryGetValue(type, out var s))
            {
                var stream = open(type);
                s = (stream, new Utf8JsonWriter(stream, FhirWrite.Options));
                streams[type] = s;
            }
            write(s.Writer);
            s.Writer.Flush();
            s.Writer.Reset();
            s.Stream.WriteByte((byte)'\n');
            counts[type] = counts.GetValueOrDefault(type) + 1;
        }
        try
        {
            await using var c = await database.OpenAsync(ct);
            var ids = patientIds is null ? FhirStore.PatientIdsAsync(c, actor.AllSites ? null : actor.SiteIds, ct) : patientIds.ToAsyncEnumerable();
            var list = new List<string>();
            await foreach (var id in ids) list.Add(id);
            foreach (var id in list)
            {
                if (await patients.LoadAsync(actor, id, ct) is null) { skipped++; continue; }
                foreach (var r in await PatientRecordsAsync(id, ct))
                {
                    if (r is FhirProduct or FhirProvenance && !seenLots.Add(r.ResourceType + "/" + r.Id)) continue;
                    if (r is FhirQuestionnaireResponse q && seenInstruments.Add(q.Instrument) && catalog.Find(q.Instrument) is { } inst)
                        Line("Questionnaire", w => FhirQuestionnaire.Write(w, inst.Definition));
                    // A full export writes each lot once with every recipient (a shared allogeneic lot serves many); a cohort, as each patient sees it.
                    var record = r is FhirProduct p && patientIds is null ? await FhirStore.ProductAsync(c, p.Id, null, ct) ?? r : r;
                    Line(r.ResourceType, w => FhirMapper.Write(w, record, FhirLinks.Relative));
                }
                await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Entity, null, id, ["ndjson"]), ct);
                exported++;
                progress?.Report(exported);
            }
        }
        finally
        {
            foreach (var (stream, writer) in streams.Values)
            {
                await writer.DisposeAsync();
                await stream.DisposeAsync();
            }
        }
        return new NdjsonExport(exported, skipped, counts);
    }
}

/// <summary>What an NDJSON export wrote: patients, patients skipped as not visible, and lines per resource type.</summary>
public sealed record NdjsonExport(int Patients, int Skipped, IReadOnlyDictionary<string, int> Lines);

using System.Globalization;
using System.Text.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Redcap;

/// <summary>A value that does not fit: where it came from, what it was and why it was refused.</summary>
public sealed record ImportProblem(string Record, string? Event, string Field, string? Value, string Reason);

/// <summary>What happened (or, in a dry run, would happen) to one REDCap record.</summary>
/// <param name="Imported">True when the record was written (never in a dry run).</param>
/// <param name="Accepted">True when every value fits and the stores accept the record.</param>
/// <param name="Responses">Instrument responses the record holds (visit codes, in order).</param>
public sealed record RecordOutcome(string Record, bool Accepted, bool Imported, string? PseudonymCode, IReadOnlyList<string> Responses, IReadOnlyList<ImportProblem> Problems);

public sealed record RedcapImportReport(bool DryRun, IReadOnlyList<RecordOutcome> Records)
{
    public IEnumerable<ImportProblem> Problems => Records.SelectMany(r => r.Problems);
    public int Accepted => Records.Count(r => r.Accepted);
    public int Rejected => Records.Count(r => !r.Accepted);
}

/// <summary>
/// Imports a REDCap project (data dictionary, flat records export, mapping) through the normal stores, so every value
/// is validated and every write audited. Each record is one unit of work: the patient and all its responses are
/// committed together, or nothing of the record is (a value that does not fit, or a store refusal, rejects the whole
/// record). A dry run does the same work and rolls every record back, so it reports exactly what the real run would do.
/// </summary>
public sealed class RedcapImport(Database database, PatientStore patients, ResponseStore responses, InstrumentCatalog catalog)
{
    public const string EventColumn = "redcap_event_name", RepeatInstrumentColumn = "redcap_repeat_instrument", RepeatInstanceColumn = "redcap_repeat_instance";

    /// <summary>
    /// Checks the mapping against the dictionary and the records' columns. Problems here are the files' (bad input),
    /// not a record's: nothing is imported.
    /// </summary>
    public IReadOnlyList<string> Check(RedcapDictionary dictionary, CsvRecords records, RedcapMapping mapping)
    {
        var p = new List<string>();
        if (records.Column(mapping.RecordId) < 0) p.Add($"record_id: the records have no column '{mapping.RecordId}'");
        foreach (var (path, s) in mapping.Sources())
        {
            if (s.Field is null) continue;
            var field = dictionary.Field(s.Field);
            if (field is null) { p.Add($"{path}: '{s.Field}' is not a field of the data dictionary"); continue; }
            if (records.Column(s.Field) < 0) p.Add($"{path}: the records have no column '{s.Field}'");
            if (s.Codes is not null && field.Choices.Count > 0)
                foreach (var code in s.Codes.Keys.Where(c => !field.Choices.ContainsKey(c)))
                    p.Add($"{path}.codes: '{code}' is not a choice of '{s.Field}'");
        }
        for (var i = 0; i < mapping.Instruments.Count; i++)
        {
            var m = mapping.Instruments[i];
            var definition = catalog.Find(m.Instrument)?.Definition;
            if (definition is null) { p.Add($"instruments[{i}].instrument: '{m.Instrument}' is not in the instrument catalog"); continue; }
            foreach (var item in m.Items.Keys.Where(k => definition.Item(k) is null))
                p.Add($"instruments[{i}].items.{item}: not an item of {m.Instrument}");
            if (m.Items.Count == 0) p.Add($"instruments[{i}].items: map at least one item");
        }
        return p;
    }

    /// <summary>Imports every record (or, with <paramref name="dryRun"/>, checks and rolls back), in file order.</summary>
    public async Task<RedcapImportReport> RunAsync(Actor actor, RedcapDictionary dictionary, CsvRecords records, RedcapMapping mapping, bool dryRun, CancellationToken ct)
    {
        var idColumn = records.Column(mapping.RecordId);
        var outcomes = new List<RecordOutcome>();
        foreach (var group in records.Rows.GroupBy(r => r.Fields[idColumn].Trim()))
            outcomes.Add(await RecordAsync(actor, dictionary, records, mapping, group.Key, group.Select(g => g.Fields).ToList(), dryRun, ct));
        return new RedcapImportReport(dryRun, outcomes);
    }

    async Task<RecordOutcome> RecordAsync(Actor actor, RedcapDictionary dictionary, CsvRecords csv, RedcapMapping mapping, string record,
        List<IReadOnlyList<string>> rows, bool dryRun, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var eventCol = csv.Column(EventColumn);
        var repeatCol = csv.Column(RepeatInstrumentColumn);
        string? EventOf(IReadOnlyList<string> row) => eventCol < 0 ? null : row[eventCol].Trim();
        string RepeatOf(IReadOnlyList<string> row) => repeatCol < 0 ? "" : row[repeatCol].Trim();
        if (record.Length == 0)
            return new RecordOutcome(record, false, false, null, [], [new ImportProblem(record, null, mapping.RecordId, "", "empty record id")]);

        string? Resolve(FieldSource s, IReadOnlyList<string> row, string? evt)
        {
            if (s.Value is not null) return s.Value;
            var raw = row[csv.Column(s.Field!)].Trim();
            if (raw.Length == 0) return null;
            if (RedcapDictionary.Misfit(dictionary.Field(s.Field!)!, raw) is { } why) { problems.Add(new(record, evt, s.Field!, raw, why)); return null; }
            if (s.Codes is null) return raw;
            if (s.Codes.TryGetValue(raw, out var code)) return code;
            problems.Add(new(record, evt, s.Field!, raw, $"no mapping for code '{raw}' (mapped: {string.Join(", ", s.Codes.Keys)})"));
            return null;
        }

        // Demographics.
        var patientRow = rows.FirstOrDefault(r => (mapping.Patient.Event is null || EventOf(r) == mapping.Patient.Event) && RepeatOf(r).Length == 0);
        if (patientRow is null)
            return new RecordOutcome(record, false, false, null, [],
                [new ImportProblem(record, mapping.Patient.Event, EventColumn, null, $"no row for the demographics event '{mapping.Patient.Event}'")]);
        var patientEvent = EventOf(patientRow);
        var values = mapping.Patient.Fields.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value, patientRow, patientEvent), StringComparer.Ordinal);
        double? Number(string key)
        {
            var v = values.GetValueOrDefault(key);
            if (v is null) return null;
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            problems.Add(new(record, patientEvent, mapping.Patient.Fields[key].Describe, v, "not a number"));
            return null;
        }
        var register = new RegisterPatient
        {
            FamilyName = values.GetValueOrDefault("family_name"), GivenName = values.GetValueOrDefault("given_name"),
            BirthDate = values.GetValueOrDefault("birth_date"), Sex = values.GetValueOrDefault("sex"), Language = values.GetValueOrDefault("language"),
            RecordNumber = values.GetValueOrDefault("record_number"), NationalId = values.GetValueOrDefault("national_id"),
            Phone = values.GetValueOrDefault("phone"), Email = values.GetValueOrDefault("email"),
            HeightCm = Number("height_cm"), WeightKg = Number("weight_kg"), SiteCode = mapping.Site,
        };

        // Responses.
        var submissions = new List<(string Event, SubmitResponse Request, InstrumentMapping Mapping)>();
        foreach (var m in mapping.Instruments)
        {
            var definition = catalog.Find(m.Instrument)!.Definition;
            foreach (var row in rows)
            {
                var evt = EventOf(row) ?? "";
                if (!m.Events.TryGetValue(evt, out var visit)) continue;
                if (RepeatOf(row) != (m.Form is not null && rows.Any(r => RepeatOf(r) == m.Form) ? m.Form : "")) continue;
                var items = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var (itemCode, source) in m.Items)
                {
                    var v = Resolve(source, row, evt);
                    if (v is null) continue;
                    if (m.AnswerCodes is not null && source.Codes is null)
                    {
                        if (m.AnswerCodes.TryGetValue(v, out var recoded)) v = recoded;
                        else { problems.Add(new(record, evt, source.Describe, v, $"no answer_codes mapping for '{v}'")); continue; }
                    }
                    items[itemCode] = decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? JsonSerializer.SerializeToElement(number) : JsonSerializer.SerializeToElement(v);
                }
                var completedOn = Resolve(m.CompletedOn, row, evt);
                if (items.Count == 0 && completedOn is null) continue; // the form was not filled in at this event
                var request = new SubmitResponse
                {
                    Instrument = m.Instrument, Items = items, VisitCode = visit, CompletedOn = completedOn,
                    Target = Resolve(m.Target, row, evt), Language = Resolve(m.Language, row, evt), Mode = Resolve(m.Mode, row, evt),
                };
                var scored = catalog.Score(new InstrumentRequest(m.Instrument, items.ToDictionary(kv => kv.Key, kv => Answer.FromJson(kv.Value)), null));
                if (scored.Status == ResultStatus.Rejected)
                    foreach (var error in scored.Errors)
                    {
                        var source = m.Items.GetValueOrDefault(error.Item);
                        problems.Add(new(record, evt, source?.Describe ?? $"{m.Instrument}.{error.Item}",
                            source?.Field is { } f ? row[csv.Column(f)] : null, error.Message));
                    }
                submissions.Add((evt, request, m));
            }
        }
        if (problems.Count > 0) return new RecordOutcome(record, false, false, null, submissions.Select(s => s.Request.VisitCode!).ToList(), problems);

        // One unit of work: a store refusal anywhere rolls the whole record back; a dry run always rolls back.
        var (code, visits) = await database.InUnitOfWorkAsync(async () =>
        {
            if (register.RecordNumber is { } mrn)
            {
                var existing = await patients.SearchAsync(actor, mrn, 1, 100, ct);
                if (existing.Items.Any(x => x.RecordNumber == mrn))
                {
                    problems.Add(new ImportProblem(record, patientEvent, mapping.Patient.Fields["record_number"].Describe, mrn,
                        "a patient with this medical record number is already registered (the record was imported before?)"));
                    return (false, ((string?)null, (IReadOnlyList<string>)[]));
                }
            }
            var registered = await patients.RegisterAsync(actor, register, ct);
            if (registered is Outcome<PatientView>.Invalid invalid)
            {
                foreach (var (field, messages) in invalid.Errors)
                {
                    var key = Snake(field);
                    var source = mapping.Patient.Fields.GetValueOrDefault(key);
                    foreach (var message in messages)
                        problems.Add(new(record, patientEvent, source?.Describe ?? field, values.GetValueOrDefault(key) ?? (field == "siteCode" ? mapping.Site : null), message));
                }
                return (false, ((string?)null, (IReadOnlyList<string>)[]));
            }
            var patient = ((Outcome<PatientView>.Done)registered).Value;
            var stored = new List<string>();
            foreach (var (evt, request, m) in submissions)
            {
                var submitted = await responses.SubmitAsync(actor, patient.Id, request, ct);
                if (submitted is Outcome<InstrumentResponse>.Invalid bad)
                {
                    foreach (var (field, messages) in bad.Errors)
                    {
                        var source = field switch
                        {
                            "completedOn" => m.CompletedOn, "target" => m.Target, "language" => m.Language, "mode" => m.Mode,
                            _ => m.Items.GetValueOrDefault(field),
                        };
                        var value = field switch
                        {
                            "completedOn" => request.CompletedOn, "target" => request.Target, "language" => request.Language, "mode" => request.Mode,
                            "visitCode" => request.VisitCode, _ => request.Items!.TryGetValue(field, out var item) ? item.ToString() : null,
                        };
                        foreach (var message in messages) problems.Add(new(record, evt, source?.Describe ?? field, value, message));
                    }
                    continue;
                }
                stored.Add($"{m.Instrument}@{request.VisitCode}");
            }
            return (!dryRun && problems.Count == 0, (patient.PseudonymCode, (IReadOnlyList<string>)stored));
        }, ct);
        var accepted = problems.Count == 0;
        return new RecordOutcome(record, accepted, accepted && !dryRun, accepted && !dryRun ? code : null,
            accepted ? visits : submissions.Select(s => $"{s.Mapping.Instrument}@{s.Request.VisitCode}").ToList(), problems);
    }

    static string Snake(string camel) => string.Concat(camel.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

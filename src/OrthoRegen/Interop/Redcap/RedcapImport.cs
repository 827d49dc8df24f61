using System.Globalization;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Redcap;

/// <summary>A value that does not fit: where it came from, what it was and why it was refused.</summary>
public sealed record ImportProblem(string Record, string? Event, string Field, string? Value, string Reason);

/// <summary>What happened (or, in a dry run, would happen) to one REDCap record.</summary>
/// <param name="Imported">True when something of the record was written (never in a dry run).</param>
/// <param name="Accepted">True when every value fits and the stores accept the record.</param>
/// <param name="Unchanged">True when the record was imported before and nothing in it is new: nothing is (or would be) written.</param>
/// <param name="Responses">Instrument responses the record adds (instrument@visit, in file order); for a refused record, the ones it holds.</param>
/// <param name="Visits">Follow-up visits the record records (visit code and date).</param>
/// <param name="Other">Other writes: the patient, the baseline assessment, the follow-up schedule.</param>
public sealed record RecordOutcome(string Record, bool Accepted, bool Imported, string? PseudonymCode, IReadOnlyList<string> Responses,
    IReadOnlyList<ImportProblem> Problems, IReadOnlyList<string> Visits, IReadOnlyList<string> Other, bool Unchanged);

public sealed record RedcapImportReport(bool DryRun, IReadOnlyList<RecordOutcome> Records)
{
    public IEnumerable<ImportProblem> Problems => Records.SelectMany(r => r.Problems);
    public int Accepted => Records.Count(r => r.Accepted);
    public int Rejected => Records.Count(r => !r.Accepted);
    public int Unchanged => Records.Count(r => r.Unchanged);
}

/// <summary>
/// Imports a REDCap project (data dictionary, flat records export, mapping) through the normal stores, so every value
/// is validated, every instrument response scored by the instrument catalog and every write audited. Each record is one
/// unit of work: the patient, its baseline assessment, its follow-up schedule, its responses and its visits are committed
/// together, or nothing of the record is (a value that does not fit, or a store refusal, rejects the whole record). A dry
/// run does the same work and rolls every record back, so it reports exactly what the real run would do.
/// Idempotent: a record imported before (found by its project and record id) adds only what is new (a response, a visit
/// not yet recorded); a record with nothing new writes nothing, not even an audit row.
/// </summary>
public sealed class RedcapImport(Database database, PatientStore patients, ResponseStore responses, InstrumentCatalog catalog,
    FollowUpStore followUp, AssessmentStore assessments, TimeProvider clock)
{
    public const string EventColumn = "redcap_event_name", RepeatInstrumentColumn = "redcap_repeat_instrument", RepeatInstanceColumn = "redcap_repeat_instance";
    /// <summary>The kind of this import's rows in <c>import_row_keys</c>: one per imported record, pointing at its patient.</summary>
    public const string KeyKind = "redcap_record";

    const string FindKeySql = "SELECT record_id FROM import_row_keys WHERE key = @key AND kind = @kind";
    const string InsertKeySql = "INSERT INTO import_row_keys (key, kind, record_id, imported_at) VALUES (@key, @kind, @recordId, @at)";

    /// <summary>
    /// Checks the mapping against the dictionary and the records' columns. Problems here are the files' (bad input),
    /// not a record's: nothing is imported.
    /// </summary>
    public IReadOnlyList<string> Check(RedcapDictionary dictionary, CsvRecords records, RedcapMapping mapping)
    {
        var p = new List<string>();
        if (records.Column(mapping.RecordId) < 0) p.Add($"record_id: the records have no column '{mapping.RecordId}'");
        if (mapping.Events is not null && records.Column(EventColumn) < 0)
            p.Add($"events: the records have no column '{EventColumn}' (not a longitudinal export)");
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
        if (mapping.Target is { } target)
        {
            var values = target.Value is { } v ? [v] : target.Codes?.Values.ToList() ?? [];
            foreach (var t in values.Where(t => !AssessmentCodes.Targets.Contains(t)))
                p.Add($"target: '{t}' is not a treated target ({string.Join(", ", AssessmentCodes.Targets)})");
        }
        if (mapping.Events is { } events)
        {
            foreach (var (path, evt) in new[] { ("patient.event", mapping.Patient.Event), ("assessment.event", mapping.Assessment?.Event) })
                if (evt is not null && !events.ContainsKey(evt)) p.Add($"{path}: '{evt}' is not one of the events ({string.Join(", ", events.Keys)})");
            if (mapping.FollowUp is not null)
            {
                var visits = followUp.Definition.Generate(new DateOnly(2000, 1, 1)).Select(v => v.Code).ToList();
                foreach (var (evt, visit) in events.Where(kv => !visits.Contains(kv.Value)))
                    p.Add($"events.{evt}: '{visit}' is not a visit of the follow-up schedule ({string.Join(", ", visits)})");
            }
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

    /// <summary>The idempotency key of a record: SHA-256 of the project (or site) and the REDCap record id.</summary>
    public static string RecordKey(RedcapMapping mapping, string record) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"redcap\n{mapping.Project ?? mapping.Site ?? ""}\n{record}")));

    static RecordOutcome Refused(string record, IReadOnlyList<string> responses, IReadOnlyList<ImportProblem> problems) =>
        new(record, false, false, null, responses, problems, [], [], false);

    async Task<RecordOutcome> RecordAsync(Actor actor, RedcapDictionary dictionary, CsvRecords csv, RedcapMapping mapping, string record,
        List<IReadOnlyList<string>> rows, bool dryRun, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var eventCol = csv.Column(EventColumn);
        var repeatCol = csv.Column(RepeatInstrumentColumn);
        string? EventOf(IReadOnlyList<string> row) => eventCol < 0 ? null : row[eventCol].Trim();
        string RepeatOf(IReadOnlyList<string> row) => repeatCol < 0 ? "" : row[repeatCol].Trim();
        if (record.Length == 0) return Refused(record, [], [new ImportProblem(record, null, mapping.RecordId, "", "empty record id")]);

        string? Resolve(FieldSource s, IReadOnlyList<string> row, string? evt)
        {
            if (s.Value is not null) return s.Value;
            var raw = row[csv.Column(s.Field!)].Trim();
            if (raw.Length == 0) return null;
            if (RedcapDictionary.Misfit(dictionary.Field(s.Field!)!, raw) is { } why) { problems.Add(new(record, evt, s.Field!, raw, why)); return null; }
            var value = raw;
            if (s.Codes is not null)
            {
                if (!s.Codes.TryGetValue(raw, out var code))
                {
                    problems.Add(new(record, evt, s.Field!, raw, $"no mapping for code '{raw}' (mapped: {string.Join(", ", s.Codes.Keys)})"));
                    return null;
                }
                value = code;
            }
            var (shifted, misfit) = s.Shift(value);
            if (misfit is not null) problems.Add(new(record, evt, s.Field!, raw, misfit));
            return shifted;
        }

        // Every row's event must be one the mapping knows: an unknown event is data the import would silently drop.
        var allEvents = mapping.AllEvents();
        if (mapping.Events is not null)
            foreach (var evt in rows.Select(EventOf).Distinct().Where(e => e is not null && !allEvents.ContainsKey(e)))
                problems.Add(new(record, evt, EventColumn, evt, $"not an event of the mapping ({string.Join(", ", allEvents.Keys)})"));

        // Demographics.
        var patientRow = rows.FirstOrDefault(r => (mapping.Patient.Event is null || EventOf(r) == mapping.Patient.Event) && RepeatOf(r).Length == 0);
        if (patientRow is null)
            return Refused(record, [], [.. problems, new ImportProblem(record, mapping.Patient.Event, EventColumn, null, $"no row for the demographics event '{mapping.Patient.Event}'")]);
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
        var target = mapping.Target is null ? null : Resolve(mapping.Target, patientRow, patientEvent);
        if (mapping.Target is not null && target is null && !problems.Any(p => p.Field == mapping.Target.Field))
            problems.Add(new(record, patientEvent, mapping.Target.Describe, null, "required: the treated target"));

        // Follow-up schedule (Day 0 and treating physician), read at the demographics event.
        StartSchedule? start = null;
        if (mapping.FollowUp is { } fu && Resolve(fu.Day0, patientRow, patientEvent) is { } day0)
            start = new StartSchedule { Target = target, Day0 = day0, TreatingPhysician = Resolve(fu.TreatingPhysician, patientRow, patientEvent) };

        // Baseline assessment.
        var (assessment, assessmentEvent) = mapping.Assessment is { } am ? BuildAssessment(am, target) : (null, null);

        (RecordAssessment?, string?) BuildAssessment(AssessmentMapping am, string? treated)
        {
            var evt = am.Event ?? mapping.Patient.Event;
            var row = rows.FirstOrDefault(r => (evt is null || EventOf(r) == evt) && RepeatOf(r).Length == 0);
            if (row is null) return (null, evt);
            var a = am.Fields.ToDictionary(kv => kv.Key, kv => Resolve(kv.Value, row, evt), StringComparer.Ordinal);
            // A form left empty in REDCap is no assessment (constants alone do not make one).
            if (!am.Fields.Any(kv => kv.Value.Field is not null && a[kv.Key] is not null)) return (null, evt);
            int? Whole(string key)
            {
                if (a.GetValueOrDefault(key) is not { } v) return null;
                if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
                problems.Add(new(record, evt, am.Fields[key].Describe, v, "not a whole number"));
                return null;
            }
            bool Flag(string key, bool absent)
            {
                if (a.GetValueOrDefault(key) is not { } v) return absent;
                switch (v.ToLowerInvariant())
                {
                    case "1" or "true" or "yes" or "y": return true;
                    case "0" or "false" or "no" or "n": return false;
                    default:
                        problems.Add(new(record, evt, am.Fields[key].Describe, v, "not a yes/no value (1/0, true/false, yes/no)"));
                        return absent;
                }
            }
            double? hba1c = null;
            if (a.GetValueOrDefault("hba1c_pct") is { } h)
            {
                if (double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) hba1c = d;
                else problems.Add(new(record, evt, am.Fields["hba1c_pct"].Describe, h, "not a number"));
            }
            var kl = Whole("kl_grade");
            return (new RecordAssessment
            {
                Indication = a.GetValueOrDefault("indication"), Target = treated, AssessedOn = a.GetValueOrDefault("assessed_on"),
                SymptomDurationMonths = Whole("symptom_duration_months"), PainNrs = Whole("pain_nrs"), Hba1cPct = hba1c,
                ActiveInfection = Flag("active_infection", false), ImmuneDiseaseActive = Flag("immune_disease_active", false),
                Immunodeficiency = Flag("immunodeficiency", false), MalignancyActiveOrRecent = Flag("malignancy_active_or_recent", false),
                PregnantOrLactating = Flag("pregnant_or_lactating", false), AnticoagulantOrCoagulopathy = Flag("anticoagulant_or_coagulopathy", false),
                CanAttendFollowUp24m = Flag("can_attend_follow_up_24m", true), PoorRehabAdherence = Flag("poor_rehab_adherence", false),
                Imaging = kl is null ? null :
                [
                    new ImagingReadInput
                    {
                        Modality = "XRAY", KlGrade = kl, ReadOn = a.GetValueOrDefault("xray_on") ?? a.GetValueOrDefault("assessed_on"),
                        Reader = a.GetValueOrDefault("xray_reader"),
                    },
                ],
            }, evt);
        }

        // Responses.
        var submissions = new List<(string Event, SubmitResponse Request, InstrumentMapping Mapping)>();
        foreach (var m in mapping.Instruments)
        {
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
                    Target = Resolve(m.Target, row, evt) ?? target, Language = Resolve(m.Language, row, evt), Mode = Resolve(m.Mode, row, evt),
                };
                // Scored exactly as every other entry path scores (the store scores again when it stores): a response that does
                // not score is a problem naming the REDCap field of each refused item.
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

        // Visit dates per event (the mapped visit_date field, at the event's non-repeating row).
        var visitDates = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mapping.FollowUp?.VisitDate is { } vd)
            foreach (var row in rows.Where(r => RepeatOf(r).Length == 0))
                if (EventOf(row) is { } evt && allEvents.ContainsKey(evt) && Resolve(vd, row, evt) is { } date)
                    visitDates.TryAdd(evt, date);

        var held = submissions.Select(s => $"{s.Mapping.Instrument}@{s.Request.VisitCode}").ToList();
        if (problems.Count > 0) return Refused(record, held, problems);

        // One unit of work: a store refusal anywhere rolls the whole record back; a dry run always rolls back, and so does a
        // record with nothing new (its reads are the only thing it would have written).
        var result = await database.InUnitOfWorkAsync(async () =>
        {
            var added = new List<string>();
            var visitsRecorded = new List<string>();
            var other = new List<string>();
            var changed = false;
            (bool, (string?, List<string>, List<string>, List<string>, bool)) Stop() => (false, (null, added, visitsRecorded, other, false));

            // The patient: the one an earlier run imported from this record, else a new registration.
            var key = RecordKey(mapping, record);
            PatientView patient;
            string? knownId;
            await using (var c = await database.OpenAsync(ct))
                knownId = await c.ExecuteScalarAsync<string?>(new CommandDefinition(FindKeySql, new { key, kind = KeyKind }, cancellationToken: ct));
            if (knownId is not null)
            {
                if (await patients.LoadAsync(actor, knownId, ct) is not { } known)
                {
                    problems.Add(new(record, patientEvent, mapping.RecordId, record, "imported before as a patient that is no longer visible (entered in error, or moved to another site)"));
                    return Stop();
                }
                patient = known;
            }
            else
            {
                if (register.RecordNumber is { } mrn)
                {
                    var existing = await patients.SearchAsync(actor, mrn, 1, 100, ct);
                    if (existing.Items.Any(x => x.RecordNumber == mrn))
                    {
                        problems.Add(new ImportProblem(record, patientEvent, mapping.Patient.Fields["record_number"].Describe, mrn,
                            "a patient with this medical record number is already registered, not by an import of this project"));
                        return Stop();
                    }
                }
                var registered = await patients.RegisterAsync(actor, register, ct);
                if (registered is Outcome<PatientView>.Invalid invalid)
                {
                    foreach (var (field, messages) in invalid.Errors)
                    {
                        var k = Snake(field);
                        var source = mapping.Patient.Fields.GetValueOrDefault(k);
                        foreach (var message in messages)
                            problems.Add(new(record, patientEvent, source?.Describe ?? field, values.GetValueOrDefault(k) ?? (field == "siteCode" ? mapping.Site : null), message));
                    }
                    return Stop();
                }
                patient = ((Outcome<PatientView>.Done)registered).Value;
                await database.InTransactionAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(InsertKeySql,
                    new { key, kind = KeyKind, recordId = patient.Id, at = clock.GetUtcNow() }, tx, cancellationToken: ct)), ct);
                other.Add("patient");
                changed = true;
            }

            // The baseline assessment, unless one of the same indication, target and date is stored.
            if (assessment is not null)
            {
                var stored = await assessments.ListAsync(patient.Id, ct);
                if (!stored.Any(x => x.Data.Indication == assessment.Indication && x.Data.Target == assessment.Target
                        && x.Data.AssessedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == assessment.AssessedOn))
                {
                    var recorded = await assessments.RecordAsync(actor, patient.Id, assessment, ct);
                    if (recorded is Outcome<AssessmentRecord>.Invalid bad)
                    {
                        foreach (var (field, messages) in bad.Errors)
                        {
                            var k = field switch
                            {
                                "target" => null,
                                _ when field.EndsWith(".klGrade", StringComparison.Ordinal) => "kl_grade",
                                _ when field.EndsWith(".readOn", StringComparison.Ordinal) => "xray_on",
                                _ when field.EndsWith(".reader", StringComparison.Ordinal) => "xray_reader",
                                _ => Snake(field),
                            };
                            var source = k is null ? mapping.Target : mapping.Assessment!.Fields.GetValueOrDefault(k);
                            foreach (var message in messages) problems.Add(new(record, assessmentEvent, source?.Describe ?? field, null, message));
                        }
                        return Stop();
                    }
                    other.Add($"assessment {assessment.AssessedOn}");
                    changed = true;
                }
            }

            // The follow-up schedule, started by hand from Day 0 (idempotent per patient, target and plan).
            string? scheduleId = null;
            if (start is not null)
            {
                var started = await followUp.StartAsync(actor, patient.Id, start, ct);
                if (started is Outcome<ScheduleStart>.Invalid bad)
                {
                    foreach (var (field, messages) in bad.Errors)
                    {
                        var source = field switch { "day0" => mapping.FollowUp!.Day0, "treatingPhysician" => mapping.FollowUp!.TreatingPhysician, "target" => mapping.Target, _ => null };
                        var value = field switch { "day0" => start.Day0, "treatingPhysician" => start.TreatingPhysician, "target" => start.Target, _ => null };
                        foreach (var message in messages) problems.Add(new(record, patientEvent, source?.Describe ?? field, value, message));
                    }
                    return Stop();
                }
                var s = ((Outcome<ScheduleStart>.Done)started).Value;
                scheduleId = s.Schedule.Id;
                if (s.Created) { other.Add($"schedule {s.Schedule.Target} from {start.Day0}"); changed = true; }
            }

            // Responses: one already stored for the same instrument, visit, target and date is this record's, imported before.
            var storedResponses = await responses.ListAsync(patient.Id, ct);
            var links = new List<(string Event, string Instrument, string ResponseId, string CompletedOn)>();
            foreach (var (evt, request, m) in submissions)
            {
                var same = storedResponses.FirstOrDefault(x => x.Instrument == request.Instrument && x.VisitCode == request.VisitCode
                    && x.Target == request.Target && x.CompletedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == request.CompletedOn);
                if (same is not null)
                {
                    if (SameItems(same.Items, request.Items!)) { links.Add((evt, same.Instrument, same.Id, request.CompletedOn!)); continue; }
                    problems.Add(new(record, evt, m.CompletedOn.Describe, request.CompletedOn,
                        $"the {request.Instrument} response of {request.VisitCode} on this date was imported before with other answers; correct it in OrthoRegen"));
                    continue;
                }
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
                var response = ((Outcome<InstrumentResponse>.Done)submitted).Value;
                links.Add((evt, response.Instrument, response.Id, request.CompletedOn!));
                added.Add($"{m.Instrument}@{request.VisitCode}");
                changed = true;
            }
            if (problems.Count > 0) return Stop();

            // Visits of the schedule of the treated target: each event's visit, recorded once, with the event's responses.
            IReadOnlyList<FollowUpScheduleView> schedules = target is null ? [] : await followUp.SchedulesOfAsync(patient.Id, ct);
            var schedule = schedules.FirstOrDefault(x => x.Id == scheduleId) ?? schedules.Where(x => x.Target == target).OrderByDescending(x => x.Day0).FirstOrDefault();
            if (schedule is not null)
            {
                foreach (var evt in rows.Select(r => EventOf(r) ?? "").Distinct())
                {
                    if (!allEvents.TryGetValue(evt, out var code)) continue;
                    var eventLinks = links.Where(l => l.Event == evt).ToList();
                    var date = visitDates.GetValueOrDefault(evt) ?? eventLinks.Select(l => l.CompletedOn).Order(StringComparer.Ordinal).FirstOrDefault();
                    if (date is null) continue; // nothing happened at this event
                    var visit = schedule.Visits.FirstOrDefault(v => v.Code == code);
                    if (visit is null)
                    {
                        problems.Add(new(record, evt, EventColumn, evt, $"the follow-up schedule of {schedule.Target} has no visit {code}"));
                        continue;
                    }
                    if (visit.ActualDate is not null) continue; // recorded before (by this import or at the clinic): left as it is
                    var recorded = await followUp.RecordVisitAsync(actor, visit.Id, new RecordVisit
                    {
                        Version = visit.Version, ActualDate = date,
                        Instruments = eventLinks.Select(l => new CompletedInstrument { Instrument = l.Instrument, ResponseId = l.ResponseId }).ToList(),
                    }, ct);
                    switch (recorded)
                    {
                        case Outcome<FollowUpVisitView>.Done:
                            visitsRecorded.Add($"{code} {date}");
                            changed = true;
                            break;
                        case Outcome<FollowUpVisitView>.Invalid bad:
                            foreach (var (field, messages) in bad.Errors)
                                foreach (var message in messages)
                                    problems.Add(new(record, evt, field == "actualDate" ? mapping.FollowUp?.VisitDate?.Describe ?? "visit date" : field, field == "actualDate" ? date : null, message));
                            break;
                        default:
                            problems.Add(new(record, evt, EventColumn, evt, $"visit {code} could not be recorded ({recorded.GetType().Name})"));
                            break;
                    }
                }
            }
            if (problems.Count > 0) return Stop();
            return (!dryRun && changed, (patient.PseudonymCode, added, visitsRecorded, other, changed));
        }, ct);
        var (pseudonym, responsesAdded, visitsDone, otherWrites, anyChange) = result;
        if (problems.Count > 0) return Refused(record, held, problems);
        return new RecordOutcome(record, true, !dryRun && anyChange, dryRun ? null : pseudonym, responsesAdded, [], visitsDone, otherWrites, !anyChange);
    }

    /// <summary>Whether a stored response's items are the items of <paramref name="items"/> (same codes, same answers).</summary>
    static bool SameItems(JsonElement stored, IReadOnlyDictionary<string, JsonElement> items)
    {
        var a = new SortedDictionary<string, Answer>(InstrumentJson.ReadItems(stored.GetRawText()), StringComparer.Ordinal);
        var b = new SortedDictionary<string, Answer>(items.ToDictionary(kv => kv.Key, kv => Answer.FromJson(kv.Value)), StringComparer.Ordinal);
        return InstrumentJson.WriteItems(a) == InstrumentJson.WriteItems(b);
    }

    static string Snake(string camel) => string.Concat(camel.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

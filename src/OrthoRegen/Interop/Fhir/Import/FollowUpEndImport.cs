using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// What the Encounters of a schedule carry besides their dates: how follow-up ended (<c>encounter-follow-up-end</c>),
/// the endpoint event (<c>encounter-endpoint</c>), each checked with <see cref="ScheduleEventValidation"/> (the rules of
/// <see cref="FollowUpStore.EndFollowUpAsync"/> and <see cref="FollowUpStore.RecordEndpointAsync"/>) and written as the
/// schedule versions the store would add, in date order, audited; and what each visit recorded
/// (<c>encounter-findings</c>), checked with <see cref="VisitRecordValidation"/> against the end of follow-up and the
/// patient's responses (those of the same import, or already in the registry), the linked responses mapped to their new ids.
/// </summary>
public sealed partial class FhirImport
{
    /// <summary>The schedule events to write (null = nothing to write) and the end of follow-up the visits are judged against.</summary>
    sealed record ScheduleEvents(ValidFollowUpEnd? End, ValidEndpoint? Endpoint, DateOnly? EndedOn);


    const string ScheduleStateSql = FollowUpStore.ScheduleColumns + " WHERE s.id = @id";
    const string ResponseInstrumentSql = """
        SELECT instrument FROM instrument_response_versions WHERE id = @id AND patient_id = @patientId AND version = 1
        """;

    /// <summary>
    /// The end of follow-up and the endpoint the schedule's Encounters carry (the same on each), checked against the new
    /// schedule (<paramref name="registry"/> null) or the one the registry holds: what the registry already recorded must be
    /// equal, what it lacks is checked with the store's rules.
    /// </summary>
    ScheduleEvents? CheckScheduleEvents(IReadOnlyList<Planned> members, ValidScheduleStart s, FollowUpStore.ScheduleRow? registry, DateOnly today,
        List<(Entry Entry, string Path, string Message)> problems)
    {
        var before = problems.Count;
        var first = (FhirEncounter)members[0].Record;
        foreach (var p in members)
        {
            var x = (FhirEncounter)p.Record;
            if (!Equals(x.End, first.End)) problems.Add((p.Entry, p.Entry.Path + ".extension", FhirMessages.BadValue(FollowUpEndMessages.SameEnd)));
            if (!Equals(x.Endpoint, first.Endpoint)) problems.Add((p.Entry, p.Entry.Path + ".extension", FhirMessages.BadValue(FollowUpEndMessages.SameEndpoint)));
        }
        if (problems.Count > before) return null;
        void Each(string url, string field, string message)
        {
            foreach (var p in members) problems.Add((p.Entry, FhirDetail.PathOf(p.Entry.Resource, p.Entry.Path, url, 0, field), message));
        }

        ValidEndpoint? endpoint = null;
        if (first.Endpoint is { } d)
        {
            var (valid, e) = ScheduleEventValidation.ValidateEndpoint(new RecordEndpoint { Version = 1, Type = d["type"], Date = d["date"], Level = d["level"], Note = d["note"] },
                s.Target, s.Day0, alreadyRecorded: false, today);
            foreach (var (field, m) in e.Messages) Each(FollowUpExtensions.Endpoint, field, m);
            if (valid is not null && registry?.EndpointType is { } have)
            {
                if (valid != new ValidEndpoint(have, registry.EndpointOn!.Value, registry.EndpointLevel, registry.EndpointNote))
                    Each(FollowUpExtensions.Endpoint, "type", FhirMessages.BadValue(FollowUpEndMessages.OtherEndpoint(have, registry.EndpointOn!.Value)));
            }
            else endpoint = valid;
        }
        ValidFollowUpEnd? end = null;
        if (first.End is { } x0)
        {
            var (valid, e) = ScheduleEventValidation.ValidateEnd(new EndFollowUp { Version = 1, Kind = x0["kind"], Date = x0["date"], Reason = x0["reason"] },
                s.Day0, FollowUpCodes.Active, today);
            foreach (var (field, m) in e.Messages) Each(FollowUpExtensions.End, field, m);
            if (valid is not null && registry is { Status: not FollowUpCodes.Active })
            {
                if (valid != new ValidFollowUpEnd(registry.Status, registry.EndedOn!.Value, registry.EndReason ?? ""))
                    Each(FollowUpExtensions.End, "kind", FhirMessages.BadValue(FollowUpEndMessages.OtherEnd(registry.Status, registry.EndedOn!.Value)));
            }
            else end = valid;
        }
        if (problems.Count > before) return null;
        return new ScheduleEvents(end, endpoint, end?.Date ?? registry?.EndedOn);
    }

    /// <summary>
    /// The findings of one Encounter as stored (JSON of <see cref="VisitFindings"/>), or null when it carries none; problems
    /// are added at the JSON path of the sub-extension (or <c>period.start</c> for the date). A finished Encounter is a
    /// recorded visit (<see cref="VisitRecordValidation.Validate"/>); one not done may only list instruments completed in
    /// the patient portal (<see cref="VisitRecordValidation.ValidateInstrument"/>), as <see cref="FollowUpStore.MarkInstrumentDoneAsync"/> records them.
    /// </summary>
    async Task<string?> CheckFindingsAsync(FhirImportBatch batch, Actor actor, Planned p, IReadOnlyList<Planned> unit, ValidScheduleStart s, DateOnly? endedOn,
        DateOnly today, Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local,
        List<(Entry Entry, string Path, string Message)> problems, CancellationToken ct)
    {
        var (en, x) = (p.Entry, (FhirEncounter)p.Record);
        var responses = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var patient = await LocalIdAsync(batch, actor, "Patient", x.PatientId, pending, local, ct);
        foreach (var source in x.Findings is null ? [] : VisitFindingsExtension.ResponseIds(x.Findings))
        {
            var id = await LocalIdAsync(batch, actor, "QuestionnaireResponse", source, pending, local, ct);
            if (id is null || patient is null) continue;
            var instrument = unit.Select(u => u.Record).OfType<FhirQuestionnaireResponse>().FirstOrDefault(q => q.Id == source && q.PatientId == x.PatientId)?.Instrument
                ?? await batch.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(ResponseInstrumentSql, new { id, patientId = patient }, batch.Transaction, cancellationToken: ct));
            if (instrument is null) continue;
            (responses[id], ids[source]) = (instrument, id);
        }
        var ctx = new VisitRecordContext(s.Day0, s.Target, today, endedOn, false, responses, [.. catalog.Definitions.Select(d => d.Code)]);
        string At(string field) => field == "actualDate" ? en.Path + ".period.start" : VisitFindingsExtension.PathOf(en.Resource, en.Path, field);

        RecordVisit request;
        if (x.Findings is null) request = new RecordVisit { Version = 1, ActualDate = x.ActualDate is { } a0 ? FhirWrite.Date(a0) : null };
        else
        {
            var (r, field, problem) = VisitFindingsExtension.ToRequest(x.Findings, x.ActualDate is { } a1 ? FhirWrite.Date(a1) : null);
            if (r is null) { problems.Add((en, At(field!), problem!)); return null; }
            request = r with
            {
                Instruments = r.Instruments?.Select(i => i with { ResponseId = i.ResponseId is { } id && ids.TryGetValue(id, out var mapped) ? mapped : i.ResponseId }).ToList(),
            };
        }
        var e = new FieldErrors();
        VisitFindings? findings;
        if (x.ActualDate is not null) (_, findings, _, e) = VisitRecordValidation.Validate(request, ctx);
        else if (x.Findings is null) return null;
        else if (request.Exam is not null || request.Imaging is { Count: > 0 } || request.Biomarkers is { Count: > 0 } || request.NewTreatments is { Count: > 0 }
            || request.Notes is not null || request.Contact is not (null or "VISIT"))
        {
            problems.Add((en, VisitFindingsExtension.PathOf(en.Resource, en.Path, ""), FhirMessages.BadValue(FollowUpEndMessages.NotDoneFindings)));
            return null;
        }
        else
        {
            var links = (request.Instruments ?? []).Select((c, i) => VisitRecordValidation.ValidateInstrument(e, $"instruments[{i}]", c, ctx)).ToList();
            findings = e.IsEmpty ? new VisitFindings("VISIT", [.. links.OfType<InstrumentLink>()], null, [], [], [], null) : null;
        }
        foreach (var (field, m) in e.Messages) problems.Add((en, At(field), m));
        return x.Findings is null || findings is null ? null : VisitFindingsExtension.ToStored(findings);
    }

    /// <summary>The schedule's current version as stored, read in the import's transaction.</summary>
    static Task<FollowUpStore.ScheduleRow> ScheduleStateAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct) =>
        c.QuerySingleAsync<FollowUpStore.ScheduleRow>(new CommandDefinition(ScheduleStateSql, new { id }, tx, cancellationToken: ct));

    /// <summary>
    /// Writes the endpoint and the end of follow-up as new versions of the schedule, one per event in date order (the
    /// endpoint first on the same day), each audited as the store audits it.
    /// </summary>
    async Task WriteScheduleEventsAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, Actor actor, string scheduleId, ScheduleEvents events,
        DateTimeOffset now, string by, CancellationToken ct)
    {
        var steps = new List<(DateOnly On, Func<FollowUpStore.ScheduleRow, FollowUpStore.ScheduleRow> Apply, string? Reason, string[] Fields)>();
        if (events.Endpoint is { } ep)
            steps.Add((ep.Date, s => s with { EndpointType = ep.Type, EndpointOn = ep.Date, EndpointLevel = ep.Level, EndpointNote = ep.Note }, null, ["endpoint_type", "endpoint_on"]));
        if (events.End is { } end)
            steps.Add((end.Date, s => s with { Status = end.Kind, EndedOn = end.Date, EndReason = end.Reason }, end.Reason, ["status", "ended_on", "end_reason"]));
        if (steps.Count == 0) return;
        var state = await ScheduleStateAsync(c, tx, scheduleId, ct);
        foreach (var step in steps.OrderBy(x => x.On))
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, scheduleId, FollowUpStore.ScheduleKind, state.Version);
            if (next is null or -1) throw new InvalidOperationException($"Schedule {scheduleId} changed during the import.");
            state = step.Apply(state) with { Version = next.Value, RecordedBy = by, RecordedAt = now, Source = RecordSource.Import, Reason = step.Reason };
            await c.ExecuteAsync(new CommandDefinition(FollowUpStore.InsertScheduleSql, state, tx, cancellationToken: ct));
            await batch.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Update, FollowUpStore.ScheduleKind, scheduleId, state.PatientId, [Entity, .. step.Fields]), ct);
        }
    }
}

/// <summary>Refusals of the follow-up end, endpoint and findings import, in one place so tests can assert on them.</summary>
public static class FollowUpEndMessages
{
    public const string SameEnd = "Every Encounter of one schedule must carry the same end of follow-up (encounter-follow-up-end).";
    public const string SameEndpoint = "Every Encounter of one schedule must carry the same endpoint event (encounter-endpoint).";
    public const string NotDoneFindings = "A visit that is not done lists only the instruments completed in the patient portal (contact VISIT, instruments).";
    public static string OtherEndpoint(string type, DateOnly on) => $"The registry recorded the endpoint {type} on {FhirWrite.Date(on)} for this schedule.";
    public static string OtherEnd(string kind, DateOnly on) => $"The registry recorded the end of follow-up {kind} on {FhirWrite.Date(on)} for this schedule.";
    public static string OtherFindings(string visit) => $"The registry recorded other findings for {visit}.";
}

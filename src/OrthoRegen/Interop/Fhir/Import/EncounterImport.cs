using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;

namespace OrthoRegen.Interop.Fhir;

/// <summary>The extensions of a follow-up Encounter; documented in FHIR_EXTENSIONS.md.</summary>
public static class FollowUpExtensions
{
    /// <summary>The schedule the visit belongs to: Day 0 (<c>day0</c>), <c>target</c>, <c>treatingPhysician</c> (fields of <see cref="StartSchedule"/>).</summary>
    public static readonly string Schedule = FhirCodes.Extension("encounter-schedule");
    /// <summary>R5 <c>Encounter.basedOn</c> may be a CarePlan; R4's may only be a ServiceRequest.</summary>
    public static readonly string BasedOn = FhirCodes.Extension("Encounter.basedOn");

    /// <summary>How the schedule's follow-up ended early: <c>kind</c> (WITHDRAWN, LOST_TO_FOLLOW_UP), <c>date</c>, <c>reason</c> (fields of <see cref="EndFollowUp"/>).</summary>
    public static readonly string End = FhirCodes.Extension("encounter-follow-up-end");
    /// <summary>The schedule's endpoint event: <c>type</c>, <c>date</c>, <c>level</c>, <c>note</c> (fields of <see cref="RecordEndpoint"/>).</summary>
    public static readonly string Endpoint = FhirCodes.Extension("encounter-endpoint");

    public static FhirDetail ScheduleOf(DateOnly day0, string target, string treatingPhysician) =>
        FhirDetail.Of(Schedule, ("day0", FhirWrite.Date(day0)), ("target", target), ("treatingPhysician", treatingPhysician));

    /// <summary>The end of follow-up, or null while it continues (status ACTIVE).</summary>
    public static FhirDetail? EndOf(string status, DateOnly? endedOn, string? reason) =>
        status == FollowUpCodes.Active || endedOn is null ? null
            : FhirDetail.Of(End, ("kind", status), ("date", FhirWrite.Date(endedOn.Value)), ("reason", reason));

    /// <summary>The endpoint event, or null when none is recorded.</summary>
    public static FhirDetail? EndpointOf(string? type, DateOnly? on, string? level, string? note) =>
        type is null || on is null ? null
            : FhirDetail.Of(Endpoint, ("type", type), ("date", FhirWrite.Date(on.Value)), ("level", level), ("note", note));

    /// <summary>The date of an end of follow-up when it reads as one (YYYY-MM-DD), else null.</summary>
    public static DateOnly? DateOf(FhirDetail? detail) =>
        detail?["date"] is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    /// <summary>
    /// R4 <c>Encounter.status</c> of a visit: finished when done; cancelled when not done and follow-up ended on or before
    /// its window's last day (the registry's WITHDRAWN, <see cref="VisitStatus.Of"/>); planned otherwise (MISSED is computed on read).
    /// </summary>
    public static string StatusOf(DateOnly? actual, DateOnly windowEnd, DateOnly? endedOn) =>
        actual is not null ? "finished" : endedOn is { } e && windowEnd >= e ? "cancelled" : "planned";
}

/// <summary>
/// Encounter → follow-up visit. The Encounters of one schedule (same Day 0, target, plan and physician) start it once, with
/// the rules of <see cref="FollowUpStore.StartAsync"/> (<see cref="ScheduleStartValidation"/>) and the visits this
/// registry's <see cref="ScheduleDefinition"/> generates for that Day 0; each Encounter must be one of them (same code and
/// window). A finished Encounter's date and findings are checked as a recorded visit (<see cref="VisitRecordValidation"/>)
/// and written on the visit; a planned one past its window reads as MISSED and a cancelled one WITHDRAWN, as in the source. When the registry already holds the
/// schedule (started by an administration recorded here), each Encounter is matched to its visit by code and only a
/// missing actual date, appointment or findings is written, as a new version. The end of follow-up, the endpoint and the
/// findings are checked and written by FollowUpEndImport.cs.
/// </summary>
public sealed partial class FhirImport
{

    async Task<List<(Entry Entry, string Path, string Message)>> CheckEncountersAsync(FhirImportBatch batch, Actor actor, List<Planned> unit,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var problems = new List<(Entry, string, string)>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var encounters = Enumerable.Range(0, unit.Count).Where(i => unit[i] is { Fate: Fate.Create, Record: FhirEncounter }).ToList();
        foreach (var group in encounters.GroupBy(i => ((FhirEncounter)unit[i].Record) is var x ? $"{x.PlanId}|{x.Schedule}" : ""))
        {
            var members = group.ToList();
            var first = (FhirEncounter)unit[members[0]].Record;
            var before = problems.Count;
            void Each(Func<Entry, string> path, string message) { foreach (var i in members) problems.Add((unit[i].Entry, path(unit[i].Entry), message)); }
            if (first.Schedule is null) { Each(en => en.Path + ".extension", FhirMessages.MissingExtension(FollowUpExtensions.Schedule)); continue; }
            var d = first.Schedule;
            var (valid, errors) = ScheduleStartValidation.Validate(new StartSchedule { Target = d["target"], Day0 = d["day0"], TreatingPhysician = d["treatingPhysician"] }, null, today);
            foreach (var (field, m) in errors.Messages) Each(en => FhirDetail.PathOf(en.Resource, en.Path, FollowUpExtensions.Schedule, 0, field), m);
            string? planId = null;
            if (first.PlanId is not null && (planId = await LocalIdAsync(batch, actor, "CarePlan", first.PlanId, pending, local, ct)) is null)
                Each(en => en.Path + ".extension", FhirMessages.Dangling("CarePlan/" + first.PlanId));
            var patient = await LocalIdAsync(batch, actor, "Patient", first.PatientId, pending, local, ct);
            if (valid is null || patient is null || problems.Count > before) continue;

            // Started once per patient, target and plan: a schedule the registry holds is reused, never started again.
            var c = batch.Connection;
            var existing = await c.ExecuteScalarAsync<string?>(new CommandDefinition(FollowUpStore.FindScheduleSql,
                new { patientId = patient, targetSite = valid.Target, planKey = planId ?? "" }, batch.Transaction, cancellationToken: ct));
            var registry = existing is null ? null : await ScheduleStateAsync(c, batch.Transaction, existing, ct);
            var events = CheckScheduleEvents([.. members.Select(i => unit[i])], valid, registry, today, problems);
            if (events is null) continue;

            var generated = definition.Generate(valid.Day0).ToDictionary(v => v.Code, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var findings = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var i in members)
            {
                var (en, x) = (unit[i].Entry, (FhirEncounter)unit[i].Record);
                if (!generated.TryGetValue(x.VisitCode, out var v))
                    problems.Add((en, en.Path + ".type", FhirMessages.BadValue($"{x.VisitCode} is not a visit of this registry's follow-up schedule (version {definition.Version}).")));
                else if (v.Window.Start != x.WindowStart || v.Window.End != x.WindowEnd)
                    problems.Add((en, en.Path + ".extension", FhirMessages.BadValue(
                        $"The window of {x.VisitCode} ({FhirWrite.Date(x.WindowStart)} to {FhirWrite.Date(x.WindowEnd)}) is not this registry's ({FhirWrite.Date(v.Window.Start)} to {FhirWrite.Date(v.Window.End)}, schedule version {definition.Version}).")));
                if (!seen.Add(x.VisitCode)) problems.Add((en, en.Path + ".type", FhirMessages.BadValue($"The schedule has {x.VisitCode} twice.")));
                else findings[x.VisitCode] = await CheckFindingsAsync(batch, actor, unit[i], unit, valid, events.EndedOn, today, pending, local, problems, ct);
            }
            if (problems.Count > before) continue;

            if (existing is not null)
            {
                var visits = (await c.QueryAsync<FollowUpStore.VisitRow>(new CommandDefinition(ExistingVisitsSql, new { scheduleId = existing }, batch.Transaction, cancellationToken: ct)))
                    .ToDictionary(r => r.Code, StringComparer.Ordinal);
                var firstMember = members[0];
                foreach (var i in members)
                {
                    var (p, x) = (unit[i], (FhirEncounter)unit[i].Record);
                    if (!visits.TryGetValue(x.VisitCode, out var have)) { problems.Add((p.Entry, p.Entry.Path + ".type", FhirMessages.BadValue($"The registry's schedule has no visit {x.VisitCode}."))); continue; }
                    if (have.ActualDate is { } a && x.ActualDate != a)
                    {
                        problems.Add((p.Entry, p.Entry.Path + ".period.start", FhirMessages.BadValue($"The registry recorded {x.VisitCode} on {FhirWrite.Date(a)}.")));
                        continue;
                    }
                    var newFindings = findings[x.VisitCode];
                    // Compared as this registry stores them: the linked responses under their ids here, not the source's.
                    if (have.Findings is not null && newFindings is not null && VisitFindingsExtension.FromStored(have.Findings) != VisitFindingsExtension.FromStored(newFindings))
                    {
                        problems.Add((p.Entry, VisitFindingsExtension.PathOf(p.Entry.Resource, p.Entry.Path, ""), FhirMessages.BadValue(FollowUpEndMessages.OtherFindings(x.VisitCode))));
                        continue;
                    }
                    if (have.Findings is not null) newFindings = null;
                    var changes = x.ActualDate != have.ActualDate || x.ScheduledOn != have.ScheduledOn || newFindings is not null;
                    var writesEvents = i == firstMember;
                    unit[i] = p with
                    {
                        LocalId = have.Id,
                        Write = async (cn, tx, b, _, now, by) =>
                        {
                            if (changes) await WriteVisitVersionAsync(cn, tx, have, x, newFindings, now, by, ct);
                            if (writesEvents) await WriteScheduleEventsAsync(cn, tx, b, actor, existing, events, now, by, ct);
                            return (FollowUpStore.VisitKind, local[("Patient", x.PatientId)]);
                        },
                    };
                }
                continue;
            }
            var scheduleId = Ids.New(clock);
            var byCode = members.ToDictionary(i => ((FhirEncounter)unit[i].Record).VisitCode, i => unit[i], StringComparer.Ordinal);
            var firstIndex = members[0];
            foreach (var i in members)
            {
                var p = unit[i];
                var starts = i == firstIndex;
                unit[i] = p with
                {
                    Write = async (cn, tx, b, _, now, by) =>
                    {
                        var patientId = local[("Patient", p.Record.PatientId!)];
                        if (starts)
                        {
                            await StartScheduleAsync(cn, tx, b, actor, scheduleId, patientId, planId, valid, byCode, findings, now, by, ct);
                            await WriteScheduleEventsAsync(cn, tx, b, actor, scheduleId, events, now, by, ct);
                        }
                        return (FollowUpStore.VisitKind, patientId);
                    },
                };
            }
        }
        return problems;
    }

    const string ExistingVisitsSql = FollowUpStore.CurrentVisits + " WHERE v.schedule_id = @scheduleId AND NOT v.entered_in_error";

    /// <summary>
    /// Starts the schedule as <see cref="FollowUpStore.StartScheduleAsync"/> does (key row, version 1, every generated visit)
    /// with the imported visits under their planned ids, carrying their appointment and actual date; audited once for the schedule.
    /// </summary>
    async Task StartScheduleAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, Actor actor, string id, string patientId, string? planId,
        ValidScheduleStart s, Dictionary<string, Planned> imported, IReadOnlyDictionary<string, string?> findings, DateTimeOffset now, string by, CancellationToken ct)
    {
        await batch.Head.ExecuteAsync(ct, id, FollowUpStore.ScheduleKind, patientId, now, by);
        await c.ExecuteAsync(new CommandDefinition(FollowUpStore.InsertScheduleKeySql,
            new { Id = id, PatientId = patientId, TargetSite = s.Target, PlanKey = planId ?? "", At = now }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(FollowUpStore.InsertScheduleSql, new
        {
            Id = id, Version = 1, PatientId = patientId, PlanId = planId, s.Target, s.Day0, s.TreatingPhysician, DefinitionVersion = definition.Version,
            Status = FollowUpCodes.Active, EndedOn = (DateOnly?)null, EndReason = (string?)null, EndpointType = (string?)null, EndpointOn = (DateOnly?)null,
            EndpointLevel = (string?)null, EndpointNote = (string?)null, RecordedBy = by, RecordedAt = now, Source = RecordSource.Import, Reason = (string?)null,
        }, tx, cancellationToken: ct));
        var planned = definition.Generate(s.Day0);
        foreach (var v in planned)
        {
            var hit = imported.GetValueOrDefault(v.Code);
            var x = hit?.Record as FhirEncounter;
            var vid = hit?.LocalId ?? Ids.New(clock);
            await batch.Head.ExecuteAsync(ct, vid, FollowUpStore.VisitKind, patientId, now, by);
            await c.ExecuteAsync(new CommandDefinition(FollowUpStore.InsertVisitSql, new
            {
                Id = vid, Version = 1, ScheduleId = id, PatientId = patientId, v.Code, v.Seq, TargetDate = v.Target, WindowStart = v.Window.Start,
                WindowEnd = v.Window.End, v.InWindowOnly, Content = string.Join(",", v.Content), ScheduledOn = x?.ScheduledOn ?? v.Target,
                ActualDate = x?.ActualDate, Findings = findings.GetValueOrDefault(v.Code), RecordedBy = by, RecordedAt = now, Source = RecordSource.Import, Reason = (string?)null,
            }, tx, cancellationToken: ct));
        }
        await batch.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, FollowUpStore.ScheduleKind, id, patientId,
            [Entity, "target_site", "day0", "treating_physician", planId is null ? "plan_id=none" : "plan_id", $"visits={planned.Count}"]), ct);
    }

    /// <summary>A new version of a visit of a schedule the registry already held: the imported appointment and actual date.</summary>
    async Task WriteVisitVersionAsync(DbConnection c, DbTransaction tx, FollowUpStore.VisitRow have, FhirEncounter x,
        string? findings, DateTimeOffset now, string by, CancellationToken ct)
    {
        var next = await VersionedRecords.NextVersionAsync(c, tx, have.Id, FollowUpStore.VisitKind, have.Version);
        if (next is null or -1) throw new InvalidOperationException($"Visit {have.Id} changed during the import.");
        await c.ExecuteAsync(new CommandDefinition(FollowUpStore.InsertVisitSql, have with
        {
            Version = next.Value, ScheduledOn = x.ScheduledOn, ActualDate = x.ActualDate ?? have.ActualDate, Findings = findings ?? have.Findings,
            RecordedBy = by, RecordedAt = now, Source = RecordSource.Import, Reason = "FHIR import",
        }, tx, cancellationToken: ct));
    }
}

using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.Data;
using OrthoRegen.Instruments;

namespace OrthoRegen.Patients;

/// <summary>One dated event on a patient's timeline.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Id, string Summary);

/// <summary>Everything the patient page shows, read (and audited) once.</summary>
public sealed record PatientChart(
    PatientView Patient,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<AssessmentRecord> Assessments,
    IReadOnlyList<ConservativeTreatment> Treatments,
    IReadOnlyList<CandidacyDecision> Decisions,
    IReadOnlyList<BodyMeasurement> Measurements,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<InstrumentResponse> LatestResponses);

/// <summary>
/// Assembles a patient's chart from the slices' stores; one audit row for the whole read. The reads share one connection
/// (<see cref="Database.ReadingAsync{T}"/>): nine queries, one connection open.
/// </summary>
public sealed class PatientTimeline(Database database, PatientStore patients, ConsentStore consents, AssessmentStore assessments,
    CandidacyStore candidacy, ResponseStore responses, AuditTrail audit)
{
    public Task<PatientChart?> LoadAsync(Actor actor, string patientId, CancellationToken ct) =>
        database.ReadingAsync(() => LoadInAsync(actor, patientId, ct), ct);

    async Task<PatientChart?> LoadInAsync(Actor actor, string patientId, CancellationToken ct)
    {
        var patient = await patients.LoadAsync(actor, patientId, ct);
        if (patient is null) return null;
        var c = await consents.ListAsync(patientId, ct);
        var a = await assessments.ListAsync(patientId, ct);
        var t = await assessments.TreatmentsAsync(patientId, ct);
        var d = await candidacy.DecisionsAsync(patientId, ct);
        var m = await patients.MeasurementsAsync(patientId, ct);
        // The latest response per instrument and target (newest first in the list); the full list is in the API.
        var latest = (await responses.ListAsync(patientId, ct)).GroupBy(r => (r.Instrument, r.Target)).Select(g => g.First()).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "patient_chart", patientId, patientId), ct);

        var timeline = new List<TimelineEntry>();
        foreach (var x in c)
        {
            timeline.Add(new(x.SignedAt, "consent", x.Id, $"{x.FormCode} {x.FormVersion} · {x.Pathway}"));
            if (x.WithdrawnAt is { } w) timeline.Add(new(w, "consent_withdrawn", x.Id, $"{x.FormCode} {x.FormVersion}"));
        }
        foreach (var x in a)
            timeline.Add(new(new DateTimeOffset(x.Data.AssessedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), "assessment", x.Id,
                $"{x.Data.Indication} · {x.Data.Target}"));
        // A decision is placed on the day it was decided (an imported one was recorded here later), at the time it was
        // recorded when that is the same day.
        foreach (var x in d)
            timeline.Add(new(DateOnly.FromDateTime(x.RecordedAt.UtcDateTime) == x.DecidedOn ? x.RecordedAt : new DateTimeOffset(x.DecidedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                "candidacy_decision", x.Id, $"{x.RuleResult} → {x.Decision}"));
        return new PatientChart(patient, c, a, t, d, m, timeline.OrderByDescending(e => e.At).ToList(), latest);
    }
}

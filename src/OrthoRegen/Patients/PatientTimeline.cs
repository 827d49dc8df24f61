using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;

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
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>Assembles a patient's chart from the slices' stores; one audit row for the whole read.</summary>
public sealed class PatientTimeline(
    PatientStore patients, ConsentStore consents, AssessmentStore assessments, CandidacyStore candidacy, AuditTrail audit)
{
    public async Task<PatientChart?> LoadAsync(Actor actor, string patientId, CancellationToken ct)
    {
        var patient = await patients.LoadAsync(actor, patientId, ct);
        if (patient is null) return null;
        var c = await consents.ListAsync(patientId, ct);
        var a = await assessments.ListAsync(patientId, ct);
        var t = await assessments.TreatmentsAsync(patientId, ct);
        var d = await candidacy.DecisionsAsync(patientId, ct);
        var m = await patients.MeasurementsAsync(patientId, ct);
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
        foreach (var x in d)
            timeline.Add(new(x.RecordedAt, "candidacy_decision", x.Id, $"{x.RuleResult} → {x.Decision}"));
        return new PatientChart(patient, c, a, t, d, m, timeline.OrderByDescending(e => e.At).ToList());
    }
}

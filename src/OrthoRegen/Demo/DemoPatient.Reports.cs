using System.Globalization;
using OrthoRegen.Data;
using OrthoRegen.Safety;

namespace OrthoRegen.Demo;

/// <summary>The expedited reports of the demo's SUSARs (DOMAIN.md 3.3 A5), as the adverse-event store records them.</summary>
public sealed partial class DemoPatient
{
    const string SafetyOfficer = "demo.safety";
    long _reports;

    /// <summary>
    /// Every report <see cref="ReportingClock.Required"/> demands for the event (per authority of the pathway: INITIAL, and a
    /// FOLLOW_UP completion for a fatal or life-threatening one), created with the event (version 1, the due date) and,
    /// when the submission day has come by the as-of date, submitted (version 2). About 92% are submitted on time, the
    /// initial report on days 1 to its due day, the completion after day 8; the rest 1–21 days late. A report not yet
    /// submitted stays open on the due list (overdue when its due date has passed).
    /// </summary>
    void WriteReports(Story s, string eventId, AdverseEventData data, AdverseEventDerivation derived, DateTimeOffset createdAt, DemoRandom r)
    {
        foreach (var need in ReportingClock.Required(_rules.Safety.Rules, derived, data.AwareDate, data.Pathway))
        {
            var allowed = need.DueDate.DayNumber - data.AwareDate.DayNumber;
            var first = need.Type == ReportCodes.FollowUp ? Math.Max(1, allowed - 6) : Math.Min(1, allowed);
            var submittedOn = r.Chance(0.08) ? need.DueDate.AddDays(r.Int(1, 21)) : data.AwareDate.AddDays(r.Int(first, allowed));
            var submitted = submittedOn <= _asOf;
            var id = _ids.NextId();
            Head(id, AdverseEventStore.ReportKind, s.PatientId, submitted ? 2 : 1, createdAt);
            _rows.Add("regulatory_reports", id, eventId, s.PatientId, need.Authority, need.Type, createdAt);
            _rows.Add("regulatory_report_versions", id, 1, need.DueDate, null, null, null, null, _by, createdAt, RecordSource.Clinic,
                "Adverse event version 1 is a SUSAR");
            if (!submitted) continue;
            var at = At(submittedOn, 11 * 60 + r.Int(0, 300));
            if (at < createdAt) at = createdAt.AddMinutes(30);
            var reference = string.Create(CultureInfo.InvariantCulture, $"DEMO-{need.Authority}-{submittedOn.Year}-{++_reports:D6}");
            _rows.Add("regulatory_report_versions", id, 2, need.DueDate, at, reference, SafetyOfficer, null, _by, at, RecordSource.Clinic, "Submitted");
        }
    }
}

using System.Text.RegularExpressions;

namespace OrthoRegen.FollowUp;

/// <summary>An endpoint event as checked (<see cref="RecordEndpoint"/>).</summary>
public sealed record ValidEndpoint(string Type, DateOnly Date, string? Level, string? Note);

/// <summary>An early end of follow-up as checked (<see cref="EndFollowUp"/>).</summary>
public sealed record ValidFollowUpEnd(string Kind, DateOnly Date, string Reason);

/// <summary>
/// The rules of the two schedule events, <see cref="FollowUpStore.RecordEndpointAsync"/> and
/// <see cref="FollowUpStore.EndFollowUpAsync"/>, shared with the FHIR import of an Encounter's schedule. Field names are
/// JSON paths of <see cref="RecordEndpoint"/> and <see cref="EndFollowUp"/>.
/// </summary>
public static partial class ScheduleEventValidation
{
    /// <summary>
    /// The endpoint fits the treated <paramref name="target"/> (V3: joint replacement of a knee or hip, surgery of a spinal
    /// level), dated from Day 0 to <paramref name="today"/> (both inclusive); a spinal level only for spine targets; one per schedule.
    /// </summary>
    /// <param name="alreadyRecorded">True when the schedule already has an endpoint event.</param>
    public static (ValidEndpoint? Value, FieldErrors Errors) ValidateEndpoint(RecordEndpoint r, string target, DateOnly day0, bool alreadyRecorded, DateOnly today)
    {
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var allowed = FollowUpCodes.EndpointsFor(target);
        var type = e.OneOf("type", r.Type, FollowUpCodes.Endpoints);
        if (type is not null && !allowed.Contains(type)) e.Add("type", FollowUpMessages.EndpointTypeForTarget(target, allowed));
        var date = e.Date("date", r.Date, required: true, day0, today);
        var level = FollowUpCodes.IsSpine(target)
            ? e.Pattern("level", r.Level, SpinalLevel(), "a spinal level such as L4-5", required: false)
            : null;
        if (!FollowUpCodes.IsSpine(target) && !string.IsNullOrWhiteSpace(r.Level)) e.Add("level", "Only for spine surgery.");
        var note = e.Optional("note", r.Note, 2000);
        if (alreadyRecorded) e.Add("type", FollowUpMessages.EndpointAlreadyRecorded);
        if (!e.IsEmpty) return (null, e);
        return (new ValidEndpoint(type!, date!.Value, level, note), e);
    }

    /// <summary>
    /// Withdrawal or loss to follow-up of a schedule whose follow-up continues, dated from 60 days before Day 0 to
    /// <paramref name="today"/> (both inclusive), with a reason.
    /// </summary>
    /// <param name="status">The schedule's status: ACTIVE, or how it already ended.</param>
    public static (ValidFollowUpEnd? Value, FieldErrors Errors) ValidateEnd(EndFollowUp r, DateOnly day0, string status, DateOnly today)
    {
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var kind = e.OneOf("kind", r.Kind, FollowUpCodes.EndKinds);
        var date = e.Date("date", r.Date, required: true, day0.AddDays(-60), today);
        var reason = e.Required("reason", r.Reason, 500);
        if (status != FollowUpCodes.Active) e.Add("kind", FollowUpMessages.FollowUpEnded);
        if (!e.IsEmpty) return (null, e);
        return (new ValidFollowUpEnd(kind!, date!.Value, reason!), e);
    }

    [GeneratedRegex(@"^(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5])(-(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5]|[1-9]|1[0-2]))?$")]
    private static partial Regex SpinalLevel();
}

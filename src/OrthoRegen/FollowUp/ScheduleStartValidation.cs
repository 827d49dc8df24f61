using OrthoRegen.Assessment;

namespace OrthoRegen.FollowUp;

/// <summary>A schedule start as checked: target, Day 0, plan and treating physician.</summary>
public sealed record ValidScheduleStart(string Target, DateOnly Day0, string? PlanId, string TreatingPhysician);

/// <summary>
/// The rules of starting a schedule by hand (<see cref="FollowUpStore.StartAsync"/>), shared with the FHIR import of an
/// Encounter's schedule. Field names are JSON paths of <see cref="StartSchedule"/>.
/// </summary>
public static class ScheduleStartValidation
{
    /// <param name="defaultPhysician">The treating physician when none is given (the caller, when a physician), else null.</param>
    public static (ValidScheduleStart? Value, FieldErrors Errors) Validate(StartSchedule r, string? defaultPhysician, DateOnly today)
    {
        var e = new FieldErrors();
        var target = e.OneOf("target", r.Target, AssessmentCodes.Targets);
        var day0 = e.Date("day0", r.Day0, required: true, new DateOnly(1990, 1, 1), today);
        var planId = e.Optional("planId", r.PlanId, 64);
        var physician = e.Optional("treatingPhysician", r.TreatingPhysician, 64);
        if (physician is null && string.IsNullOrWhiteSpace(r.TreatingPhysician))
        {
            if (defaultPhysician is not null) physician = defaultPhysician;
            else e.Add("treatingPhysician", FollowUpMessages.TreatingPhysicianRequired);
        }
        if (!e.IsEmpty) return (null, e);
        return (new ValidScheduleStart(target!, day0!.Value, planId, physician!), e);
    }
}

using System.Globalization;
using OrthoRegen.Assessment;

namespace OrthoRegen.FollowUp;

/// <summary>Coded values of the follow-up record.</summary>
public static class FollowUpCodes
{
    public static readonly IReadOnlyList<string> Contacts = ["VISIT", "PHONE", "VIDEO"];
    public static readonly IReadOnlyList<string> NewTreatmentCategories = ["IA_INJECTION", "ANALGESIC"];
    public const string Withdrawn = "WITHDRAWN", LostToFollowUp = "LOST_TO_FOLLOW_UP", Active = "ACTIVE";
    /// <summary>Ways a schedule ends early: the patient withdrew, or could not be reached.</summary>
    public static readonly IReadOnlyList<string> EndKinds = [Withdrawn, LostToFollowUp];

    /// <summary>Endpoint events (V3; the survival endpoint): replacement of the treated joint or surgery of the treated spinal level.</summary>
    public static readonly IReadOnlyList<string> KneeEndpoints = ["TOTAL_KNEE_ARTHROPLASTY", "UNICOMPARTMENTAL_KNEE_ARTHROPLASTY", "PATELLOFEMORAL_ARTHROPLASTY"];
    public static readonly IReadOnlyList<string> HipEndpoints = ["TOTAL_HIP_ARTHROPLASTY", "HIP_HEMIARTHROPLASTY", "HIP_RESURFACING"];
    public static readonly IReadOnlyList<string> SpineEndpoints = ["SPINAL_FUSION", "DISCECTOMY", "TOTAL_DISC_REPLACEMENT", "DECOMPRESSION", "OTHER_SPINE_SURGERY"];
    public static readonly IReadOnlyList<string> Endpoints = [.. KneeEndpoints, .. HipEndpoints, .. SpineEndpoints];

    /// <summary>The endpoint types that fit a treated target.</summary>
    public static IReadOnlyList<string> EndpointsFor(string target) => target switch
    {
        "KNEE_L" or "KNEE_R" => KneeEndpoints,
        "HIP_L" or "HIP_R" => HipEndpoints,
        _ => SpineEndpoints,
    };

    public static bool IsSpine(string target) => target is "LUMBAR" or "CERVICAL" or "THORACIC" or "SCI";

    /// <summary>Instruments a visit may record by code without a stored response (DOMAIN.md 4.1 names not yet scored here).</summary>
    public static readonly IReadOnlyList<string> RecordedOnlyInstruments = ["IKDC", "KSS", "SF36", "SF12", "EQ5D", "PGI", "SCIM3"];
}

/// <summary>Records what happened at a scheduled visit. Recording again is a correction: a new version, with a reason.</summary>
public sealed record RecordVisit
{
    /// <summary>The visit version the editor saw.</summary>
    public int? Version { get; init; }
    /// <summary>YYYY-MM-DD; not in the future.</summary>
    public string? ActualDate { get; init; }
    /// <summary>VISIT (default), PHONE or VIDEO.</summary>
    public string? Contact { get; init; }
    public IReadOnlyList<CompletedInstrument>? Instruments { get; init; }
    public ExamFindingsInput? Exam { get; init; }
    public IReadOnlyList<ImagingReadInput>? Imaging { get; init; }
    public IReadOnlyList<BiomarkerInput>? Biomarkers { get; init; }
    public IReadOnlyList<NewTreatmentInput>? NewTreatments { get; init; }
    public string? Notes { get; init; }
    /// <summary>Required when correcting a visit that was already recorded.</summary>
    public string? Reason { get; init; }
}

/// <summary>An instrument completed at the visit: a stored response by id, or just the instrument's code.</summary>
public sealed record CompletedInstrument
{
    public string? Instrument { get; init; }
    public string? ResponseId { get; init; }
}

/// <summary>Examination findings: range of motion and the OARSI-recommended performance tests (Dobson 2013).</summary>
public sealed record ExamFindingsInput
{
    /// <summary>Active flexion of the treated joint, degrees.</summary>
    public double? FlexionDeg { get; init; }
    /// <summary>Extension, degrees from neutral: negative = extension deficit (flexion contracture), positive = hyperextension.</summary>
    public double? ExtensionDeg { get; init; }
    /// <summary>30-second chair stand test: full stands in 30 s.</summary>
    public int? ChairStand30sCount { get; init; }
    /// <summary>40 m (4 × 10 m) fast-paced walk test: seconds.</summary>
    public double? FastWalk40mSeconds { get; init; }
    /// <summary>Stair climb test: seconds, with the number of steps of the clinic's staircase.</summary>
    public double? StairClimbSeconds { get; init; }
    public int? StairClimbSteps { get; init; }
    /// <summary>Timed up-and-go test: seconds.</summary>
    public double? TimedUpAndGoSeconds { get; init; }
    /// <summary>6-minute walk test: metres.</summary>
    public double? SixMinuteWalkMetres { get; init; }
}

/// <summary>A treatment started since the last visit: another intra-articular injection or an analgesic.</summary>
public sealed record NewTreatmentInput
{
    /// <summary>IA_INJECTION or ANALGESIC.</summary>
    public string? Category { get; init; }
    /// <summary>What was given, e.g. "hyaluronic acid", "triamcinolone 40 mg", "celecoxib".</summary>
    public string? Agent { get; init; }
    public string? StartedOn { get; init; }
    /// <summary>The injected target for an IA injection (defaults to the treated target).</summary>
    public string? Target { get; init; }
}

// ---- validated forms, as stored -----------------------------------------------------------------------------------

public sealed record InstrumentLink(string Instrument, string? ResponseId);

public sealed record ExamFindings(
    double? FlexionDeg, double? ExtensionDeg, int? ChairStand30sCount, double? FastWalk40mSeconds, double? StairClimbSeconds,
    int? StairClimbSteps, double? TimedUpAndGoSeconds, double? SixMinuteWalkMetres);

public sealed record NewTreatment(string Category, string Agent, DateOnly? StartedOn, string? Target);

/// <summary>Everything recorded at a visit besides its date.</summary>
public sealed record VisitFindings(
    string Contact, IReadOnlyList<InstrumentLink> Instruments, ExamFindings? Exam, IReadOnlyList<ImagingReadData> Imaging,
    IReadOnlyList<BiomarkerData> Biomarkers, IReadOnlyList<NewTreatment> NewTreatments, string? Notes);

/// <summary>What the validation of a visit record needs to know about the schedule and the patient's stored responses.</summary>
/// <param name="Responses">The patient's stored instrument responses: id → instrument code.</param>
/// <param name="KnownInstruments">Codes of the instrument catalog.</param>
public sealed record VisitRecordContext(
    DateOnly Day0, string Target, DateOnly Today, DateOnly? EndedOn, bool AlreadyRecorded,
    IReadOnlyDictionary<string, string> Responses, IReadOnlyCollection<string> KnownInstruments);

/// <summary>Pure validation of a visit record. Field names are JSON paths (camelCase).</summary>
public static class VisitRecordValidation
{
    /// <summary>Plausible ranges of the exam findings (field, label, min, max, unit).</summary>
    public static readonly IReadOnlyList<(string Field, string Label, double Min, double Max, string Unit)> ExamRanges =
    [
        ("flexionDeg", "Flexion", 0, 160, "degrees"),
        ("extensionDeg", "Extension", -30, 30, "degrees"),
        ("chairStand30sCount", "30-second chair stand", 0, 60, "stands"),
        ("fastWalk40mSeconds", "40 m fast-paced walk", 10, 600, "seconds"),
        ("stairClimbSeconds", "Stair climb", 1, 600, "seconds"),
        ("stairClimbSteps", "Stair climb steps", 1, 30, "steps"),
        ("timedUpAndGoSeconds", "Timed up-and-go", 3, 300, "seconds"),
        ("sixMinuteWalkMetres", "6-minute walk", 0, 1000, "metres"),
    ];

    public static (DateOnly? ActualDate, VisitFindings? Findings, string? Reason, FieldErrors Errors) Validate(RecordVisit r, VisitRecordContext ctx)
    {
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var actual = e.Date("actualDate", r.ActualDate, required: true, ctx.Day0.AddDays(-365), ctx.Today);
        if (actual is { } a && ctx.EndedOn is { } ended && a > ended)
            e.Add("actualDate", FollowUpMessages.AfterFollowUpEnded(ended));
        var contact = string.IsNullOrWhiteSpace(r.Contact) ? "VISIT" : e.OneOf("contact", r.Contact, FollowUpCodes.Contacts);
        var reason = e.Optional("reason", r.Reason, 500);
        if (ctx.AlreadyRecorded && reason is null) e.Add("reason", FollowUpMessages.CorrectionNeedsReason);
        var notes = e.Optional("notes", r.Notes, 4000);

        var instruments = new List<InstrumentLink>();
        var ins = r.Instruments ?? [];
        if (ins.Count > 30) e.Add("instruments", "At most 30 instruments per visit.");
        for (var i = 0; i < Math.Min(ins.Count, 30); i++)
        {
            var x = ValidateInstrument(e, $"instruments[{i}]", ins[i], ctx);
            if (x is not null) instruments.Add(x);
        }

        var exam = r.Exam is null ? null : ValidateExam(e, "exam", r.Exam);

        var indication = ctx.Target switch { "KNEE_L" or "KNEE_R" => AssessmentCodes.KneeOa, "HIP_L" or "HIP_R" => AssessmentCodes.HipOa, _ => null };
        var imaging = new List<ImagingReadData>();
        var reads = r.Imaging ?? [];
        if (reads.Count > 10) e.Add("imaging", "At most 10 imaging reads per visit.");
        for (var i = 0; i < Math.Min(reads.Count, 10); i++)
        {
            var x = AssessmentValidation.ValidateRead(e, $"imaging[{i}]", reads[i], indication, ctx.Target, ctx.Today);
            if (x is not null) imaging.Add(x);
        }

        var biomarkers = new List<BiomarkerData>();
        var bm = r.Biomarkers ?? [];
        if (bm.Count > 20) e.Add("biomarkers", "At most 20 biomarker results per visit.");
        for (var i = 0; i < Math.Min(bm.Count, 20); i++)
        {
            var x = AssessmentValidation.ValidateBiomarker(e, $"biomarkers[{i}]", bm[i], ctx.Today);
            if (x is not null) biomarkers.Add(x);
        }

        var treatments = new List<NewTreatment>();
        var nt = r.NewTreatments ?? [];
        if (nt.Count > 20) e.Add("newTreatments", "At most 20 new treatments per visit.");
        for (var i = 0; i < Math.Min(nt.Count, 20); i++)
        {
            var p = $"newTreatments[{i}]";
            var t = nt[i] ?? new NewTreatmentInput();
            var category = e.OneOf(p + ".category", t.Category, FollowUpCodes.NewTreatmentCategories);
            var agent = e.Required(p + ".agent", t.Agent, 200);
            var started = e.Date(p + ".startedOn", t.StartedOn, required: false, ctx.Day0.AddDays(-365), ctx.Today);
            var target = e.OneOf(p + ".target", t.Target, AssessmentCodes.Targets, required: false);
            if (target is not null && category == "ANALGESIC") e.Add(p + ".target", "Only for an intra-articular injection.");
            if (category is not null && agent is not null)
                treatments.Add(new NewTreatment(category, agent, started, category == "IA_INJECTION" ? target ?? ctx.Target : null));
        }

        if (!e.IsEmpty) return (null, null, null, e);
        return (actual, new VisitFindings(contact!, instruments, exam, imaging, biomarkers, treatments, notes), reason, e);
    }

    /// <summary>
    /// One completed instrument at field path <paramref name="p"/>: a stored response of the patient (its instrument must
    /// match a given code), or a catalog or recorded-only instrument code. Also used for the instruments a visit lists
    /// before it is done (completed in the patient portal).
    /// </summary>
    public static InstrumentLink? ValidateInstrument(FieldErrors e, string p, CompletedInstrument? x, VisitRecordContext ctx)
    {
        x ??= new CompletedInstrument();
        var code = string.IsNullOrWhiteSpace(x.Instrument) ? null : x.Instrument.Trim().ToUpperInvariant();
        if (!string.IsNullOrWhiteSpace(x.ResponseId))
        {
            var id = x.ResponseId.Trim();
            if (!ctx.Responses.TryGetValue(id, out var stored)) { e.Add(p + ".responseId", FollowUpMessages.NoSuchResponse); return null; }
            if (code is not null && code != stored) { e.Add(p + ".instrument", FollowUpMessages.ResponseIsOtherInstrument(stored)); return null; }
            return new InstrumentLink(stored, id);
        }
        if (code is null) { e.Add(p + ".instrument", "Required: an instrument code or a stored response id."); return null; }
        if (!ctx.KnownInstruments.Contains(code) && !FollowUpCodes.RecordedOnlyInstruments.Contains(code))
        {
            e.Add(p + ".instrument", FollowUpMessages.UnknownInstrument(ctx.KnownInstruments.Concat(FollowUpCodes.RecordedOnlyInstruments)));
            return null;
        }
        return new InstrumentLink(code, null);
    }

    /// <summary>Each test within its plausible range (<see cref="ExamRanges"/>); stair-climb time and steps go together.</summary>
    public static ExamFindings? ValidateExam(FieldErrors e, string p, ExamFindingsInput x)
    {
        var before = e.ToDictionary().Count;
        double? Check(string field, double? value)
        {
            if (value is null) return null;
            var (_, label, min, max, unit) = ExamRanges.First(r => r.Field == field);
            if (double.IsFinite(value.Value) && value >= min && value <= max) return value;
            e.Add($"{p}.{field}", FollowUpMessages.OutOfRange(label, min, max, unit));
            return null;
        }
        var flexion = Check("flexionDeg", x.FlexionDeg);
        var extension = Check("extensionDeg", x.ExtensionDeg);
        var stands = Check("chairStand30sCount", x.ChairStand30sCount);
        var walk = Check("fastWalk40mSeconds", x.FastWalk40mSeconds);
        var stairs = Check("stairClimbSeconds", x.StairClimbSeconds);
        var steps = Check("stairClimbSteps", x.StairClimbSteps);
        var tug = Check("timedUpAndGoSeconds", x.TimedUpAndGoSeconds);
        var sixMin = Check("sixMinuteWalkMetres", x.SixMinuteWalkMetres);
        if (x.StairClimbSeconds is not null && x.StairClimbSteps is null) e.Add($"{p}.stairClimbSteps", FollowUpMessages.StairStepsRequired);
        if (x.StairClimbSteps is not null && x.StairClimbSeconds is null) e.Add($"{p}.stairClimbSeconds", FollowUpMessages.StairSecondsRequired);
        if (e.ToDictionary().Count != before) return null;
        return new ExamFindings(flexion, extension, (int?)stands, walk, stairs, (int?)steps, tug, sixMin);
    }
}

/// <summary>The slice's user-facing messages, in one place so tests can assert on them.</summary>
public static class FollowUpMessages
{
    public const string CorrectionNeedsReason = "Required: this visit is already recorded, so saving again is a correction and needs a reason.";
    public const string NoSuchResponse = "No stored instrument response with this id for this patient.";
    public const string StairStepsRequired = "Required with a stair-climb time: the number of steps climbed.";
    public const string StairSecondsRequired = "Required with a number of steps: the stair-climb time in seconds.";
    public const string AlreadyDone = "This visit is already recorded; record a correction instead of rescheduling.";
    public const string FollowUpEnded = "Follow-up of this schedule has ended (withdrawal or loss to follow-up).";
    public const string EndpointAlreadyRecorded = "An endpoint event is already recorded for this schedule.";
    public const string TreatingPhysicianRequired = "Required: the username of the treating physician.";
    public const string StaleVisit = "The visit was changed by someone else. Reload it and try again.";
    public const string StaleSchedule = "The schedule was changed by someone else. Reload it and try again.";

    public static string AfterFollowUpEnded(DateOnly ended) => $"Follow-up ended on {ended:yyyy-MM-dd}; no visit can be recorded after that date.";
    public static string ResponseIsOtherInstrument(string stored) => $"The stored response is a {stored} response.";
    public static string UnknownInstrument(IEnumerable<string> known) => $"Unknown instrument. Known: {string.Join(", ", known.Order(StringComparer.Ordinal))}.";
    public static string OutOfRange(string label, double min, double max, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{label}: must be between {min} and {max} {unit}.");
    public static string EndpointTypeForTarget(string target, IEnumerable<string> allowed) =>
        $"For the treated target {target} the endpoint is one of {string.Join(", ", allowed)}.";
}

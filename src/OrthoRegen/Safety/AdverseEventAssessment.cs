using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OrthoRegen.Patients;
using static OrthoRegen.Safety.AdverseEventCodes;

namespace OrthoRegen.Safety;

/// <summary>An adverse event as reported (API body and form). Dates are ISO <c>YYYY-MM-DD</c>.</summary>
public record RecordAdverseEvent
{
    /// <summary>The reporter's verbatim term.</summary>
    public string? Term { get; init; }
    /// <summary>Optional MedDRA preferred-term code (8 digits).</summary>
    public string? MeddraPt { get; init; }
    public string? CtcaeTerm { get; init; }
    /// <summary>5.0 or 6.0.</summary>
    public string? CtcaeVersion { get; init; }
    /// <summary>CTCAE grade 1-5 (severity, not seriousness: rule A2).</summary>
    public int? Grade { get; init; }
    public string? Onset { get; init; }
    public string? Resolved { get; init; }
    public string? Outcome { get; init; }
    /// <summary>ICH E2A criteria (rule A1); empty means not serious.</summary>
    public string[]? SeriousnessCriteria { get; init; }
    /// <summary>Explicit confirmation that a grade 4 event without criteria was assessed for seriousness (rule A2).</summary>
    public bool SeriousnessAssessed { get; init; }
    public string? RelatedToProduct { get; init; }
    public string? RelatedToProcedure { get; init; }
    public string? Action { get; init; }
    /// <summary>The day the clinic first knew of the event: Day 0 of the reporting clock (rule A5).</summary>
    public string? AwareDate { get; init; }
    /// <summary>Who reported the event; the recording user when empty.</summary>
    public string? Reporter { get; init; }
    /// <summary>The administration the event follows, when known (an id of the administration slice; not checked here).</summary>
    public string? AdministrationId { get; init; }
    /// <summary>The product lot, when known (an id of the cell-lab slice; not checked here).</summary>
    public string? LotId { get; init; }
    public string? CellSource { get; init; }
    /// <summary>Route of the administration the event follows; needed for route-specific expectedness (A4).</summary>
    public string? Route { get; init; }
    /// <summary>Regulatory pathway; when empty, the pathway of the patient's latest valid consent.</summary>
    public string? Pathway { get; init; }
}

/// <summary>Follow-up information, resolution or re-grading: the full event again, the version it was based on and why.</summary>
public sealed record UpdateAdverseEvent : RecordAdverseEvent
{
    public int? Version { get; init; }
    public string? Reason { get; init; }
}

/// <summary>A validated adverse event (before derivation).</summary>
public sealed record AdverseEventData(
    string Term, string? MeddraPt, string? CtcaeTerm, string CtcaeVersion, int Grade, DateOnly Onset, DateOnly? Resolved,
    string Outcome, IReadOnlyList<string> SeriousnessCriteria, bool SeriousnessAssessed, string RelatedToProduct, string RelatedToProcedure,
    string Action, DateOnly AwareDate, string Reporter, string? AdministrationId, string? LotId, string? CellSource, string? Route, string? Pathway);

/// <summary>Why an event is or is not expected (rule A4).</summary>
public static class ExpectednessBasis
{
    /// <summary>Matches a reference entry within its grade and route.</summary>
    public const string Listed = "LISTED";
    /// <summary>Matches a risk that is listed but never expected (infection, allergic/immune, ectopic tissue, tumour).</summary>
    public const string NeverExpected = "NEVER_EXPECTED";
    /// <summary>Matches a reference entry, but more severe than the entry's maximum grade.</summary>
    public const string Severity = "SEVERITY";
    /// <summary>Matches a route-specific entry, but the route is another one or unknown.</summary>
    public const string Route = "ROUTE";
    public const string NotListed = "NOT_LISTED";
}

/// <summary>The expectedness finding, with the reference entry and the source it rests on.</summary>
public sealed record Expectedness(bool Expected, string Basis, string? ReferenceCode, string? ReferenceLabel, int? MaxGrade, string[]? Routes, string? Source);

/// <summary>What the rules derive from a recorded event: A1 seriousness, A3 relatedness, A4 expectedness, A5 SUSAR.</summary>
public sealed record AdverseEventDerivation(
    bool Serious, bool RelatedToProduct, bool RelatedToProcedure, Expectedness Expectedness, bool Susar, bool FatalOrLifeThreatening,
    IReadOnlyList<string> Warnings)
{
    public bool Related => RelatedToProduct || RelatedToProcedure;
    public bool Expected => Expectedness.Expected;
}

/// <summary>
/// Rules A1-A6 of DOMAIN.md 3.3 as pure functions. Validation enforces A2 (grade 5 needs DEATH and FATAL; grade 4 without
/// criteria needs an explicit confirmation) and A6 (no event before the first consent). A6 also says a new arthroplasty
/// of the treated joint is an outcome (recorded on the follow-up visit), not automatically an adverse event: nothing here
/// creates an event from it.
/// </summary>
public sealed class AdverseEventAssessment(SafetyRules rules)
{
    static readonly Regex MeddraCode = new("^[0-9]{8}$", RegexOptions.CultureInvariant);

    public SafetyRules Rules => rules;

    /// <summary>
    /// Checks a reported event. <paramref name="firstConsentOn"/> is the date of the patient's earliest consent (any status),
    /// null when none is recorded. Returns the data when valid, else null and the errors keyed by JSON field.
    /// </summary>
    public static (AdverseEventData? Data, FieldErrors Errors) Validate(RecordAdverseEvent r, DateOnly today, DateOnly? firstConsentOn, string recordedBy)
    {
        var e = new FieldErrors();
        var term = e.Required("term", r.Term, 200);
        var meddra = e.Pattern("meddraPt", r.MeddraPt, MeddraCode, SafetyMessages.MeddraPt, required: false);
        var ctcaeTerm = e.Optional("ctcaeTerm", r.CtcaeTerm, 200);
        var version = e.OneOf("ctcaeVersion", r.CtcaeVersion, CtcaeVersions);
        var grade = e.Integer("grade", r.Grade, 1, 5, required: true);
        var onset = e.Date("onset", r.Onset, required: true, max: today);
        var resolved = e.Date("resolved", r.Resolved, required: false, max: today);
        var outcome = e.OneOf("outcome", r.Outcome, AdverseEventCodes.Outcomes);
        var criteria = new List<string>();
        foreach (var c in r.SeriousnessCriteria ?? [])
        {
            var v = c?.Trim() ?? "";
            if (!Criteria.All.Contains(v)) e.Add("seriousnessCriteria", string.Format(CultureInfo.InvariantCulture, SafetyMessages.UnknownCriterion, v, string.Join(", ", Criteria.All)));
            else if (!criteria.Contains(v)) criteria.Add(v);
        }
        criteria.Sort((a, b) => Criteria.All.ToList().IndexOf(a).CompareTo(Criteria.All.ToList().IndexOf(b)));
        var product = e.OneOf("relatedToProduct", r.RelatedToProduct, Relatedness);
        var procedure = e.OneOf("relatedToProcedure", r.RelatedToProcedure, Relatedness);
        var action = e.OneOf("action", r.Action, Actions);
        var aware = e.Date("awareDate", r.AwareDate, required: true, max: today);
        var reporter = e.Optional("reporter", r.Reporter, 100) ?? recordedBy;
        var administration = e.Optional("administrationId", r.AdministrationId, 64);
        var lot = e.Optional("lotId", r.LotId, 64);
        var source = e.OneOf("cellSource", r.CellSource, CellSources, required: false);
        var route = e.OneOf("route", r.Route, Routes, required: false);
        var pathway = e.OneOf("pathway", r.Pathway, ConsentCodes.Pathways, required: false);

        // A2: severity is not seriousness, but the extremes are tied to it.
        if (grade == 5)
        {
            if (!criteria.Contains(Criteria.Death)) e.Add("seriousnessCriteria", SafetyMessages.Grade5NeedsDeath);
            if (outcome is not null && outcome != "FATAL") e.Add("outcome", SafetyMessages.Grade5NeedsFatal);
        }
        else if (grade == 4 && criteria.Count == 0 && !r.SeriousnessAssessed)
            e.Add("seriousnessAssessed", SafetyMessages.Grade4NeedsAssessment);
        if (grade != 5 && criteria.Contains(Criteria.Death) && outcome is not null && outcome != "FATAL") e.Add("outcome", SafetyMessages.DeathNeedsFatal);
        if (outcome == "FATAL" && !criteria.Contains(Criteria.Death) && grade != 5) e.Add("seriousnessCriteria", SafetyMessages.FatalNeedsDeath);
        if (action == "HOSPITALIZED" && !criteria.Contains(Criteria.Hospitalization)) e.Add("seriousnessCriteria", SafetyMessages.HospitalizedNeedsCriterion);

        if (onset is { } o && resolved is { } res && res < o) e.Add("resolved", SafetyMessages.ResolvedBeforeOnset);
        if (resolved is not null && outcome is not null && !ResolvedOutcomes.Contains(outcome) && outcome != "FATAL") e.Add("outcome", SafetyMessages.ResolvedNeedsOutcome);
        if (resolved is null && outcome is not null && ResolvedOutcomes.Contains(outcome) && string.IsNullOrWhiteSpace(r.Resolved)) e.Add("resolved", SafetyMessages.OutcomeNeedsResolved);
        if (onset is { } on && aware is { } aw && aw < on) e.Add("awareDate", SafetyMessages.AwareBeforeOnset);

        // A6: collection runs from consent.
        if (onset is { } start)
        {
            if (firstConsentOn is null) e.Add("onset", SafetyMessages.NoConsent);
            else if (start < firstConsentOn) e.Add("onset", string.Format(CultureInfo.InvariantCulture, SafetyMessages.OnsetBeforeConsent, start, firstConsentOn));
        }

        if (!e.IsEmpty) return (null, e);
        return (new AdverseEventData(term!, meddra, ctcaeTerm, version!, grade!.Value, onset!.Value, resolved, outcome!, criteria,
            r.SeriousnessAssessed, product!, procedure!, action!, aware!.Value, reporter, administration, lot, source, route, pathway), e);
    }

    /// <summary>Derives seriousness (A1), relatedness (A3), expectedness (A4) and SUSAR (A5) from a validated event.</summary>
    public AdverseEventDerivation Derive(AdverseEventData d)
    {
        var serious = IsSerious(d.SeriousnessCriteria);
        var product = IsRelated(d.RelatedToProduct);
        var procedure = IsRelated(d.RelatedToProcedure);
        var expectedness = AssessExpectedness(d.Term, d.CtcaeTerm, d.Grade, d.Route);
        var warnings = new List<string>();
        if (d.Grade == 4 && !serious) warnings.Add(SafetyMessages.Grade4NotSeriousWarning);
        var fatalOrLt = d.SeriousnessCriteria.Contains(Criteria.Death) || d.SeriousnessCriteria.Contains(Criteria.LifeThreatening);
        return new AdverseEventDerivation(serious, product, procedure, expectedness, IsSusar(serious, product || procedure, expectedness.Expected), fatalOrLt, warnings);
    }

    /// <summary>A1: serious iff at least one ICH E2A criterion applies.</summary>
    public static bool IsSerious(IEnumerable<string> criteria) => criteria.Any(Criteria.All.Contains);

    /// <summary>A5: suspected unexpected serious adverse reaction = serious AND related (product or procedure) AND unexpected.</summary>
    public static bool IsSusar(bool serious, bool related, bool expected) => serious && related && !expected;

    /// <summary>
    /// A4: the event is expected when its reported term or CTCAE term matches an entry of the reference safety list, the
    /// grade is within the entry's maximum and, for route-specific entries, the route is one of the entry's. A match with a
    /// never-expected risk wins over everything. Terms match as whole words, case-insensitively.
    /// </summary>
    public Expectedness AssessExpectedness(string term, string? ctcaeTerm, int grade, string? route)
    {
        var texts = new[] { Normalize(term), Normalize(ctcaeTerm) };
        bool Matches(IEnumerable<string> phrases) => phrases.Select(Normalize).Any(p => p.Length > 0 && texts.Any(t => $" {t} ".Contains($" {p} ", StringComparison.Ordinal)));

        foreach (var n in rules.NeverExpected)
            if (Matches(n.Terms)) return new Expectedness(false, ExpectednessBasis.NeverExpected, n.Code, n.Label, null, null, n.Source);

        Expectedness? miss = null;
        foreach (var x in rules.ExpectedEvents)
        {
            if (!Matches(x.Terms)) continue;
            if (x.Routes is { Length: > 0 } routes && (route is null || !routes.Contains(route)))
            {
                miss ??= new Expectedness(false, ExpectednessBasis.Route, x.Code, x.Label, x.MaxGrade, x.Routes, x.Source);
                continue;
            }
            if (grade > x.MaxGrade)
            {
                miss = new Expectedness(false, ExpectednessBasis.Severity, x.Code, x.Label, x.MaxGrade, x.Routes, x.Source);
                continue;
            }
            return new Expectedness(true, ExpectednessBasis.Listed, x.Code, x.Label, x.MaxGrade, x.Routes, x.Source);
        }
        return miss ?? new Expectedness(false, ExpectednessBasis.NotListed, null, null, null, null, null);
    }

    static bool IsRelated(string relatedness) => AdverseEventCodes.IsRelated(relatedness);

    /// <summary>Lower case, letters and digits only, single spaces.</summary>
    static string Normalize(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return "";
        var b = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(ch)) { b.Append(ch); space = false; }
            else if (!space && b.Length > 0) { b.Append(' '); space = true; }
        }
        return b.ToString().TrimEnd();
    }
}

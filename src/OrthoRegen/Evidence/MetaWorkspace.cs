using System.Globalization;
using OrthoRegen.Accounts;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Evidence;

/// <summary>What the reviewer asks the workspace for. Codes are metafor's (measure, method, test).</summary>
public sealed record MetaRequest
{
    public string? Instrument { get; init; }
    public string? Subscale { get; init; }
    /// <summary>Time point in months; null = each study's latest stated time point (then no clinic row).</summary>
    public double? Month { get; init; }
    public string? Measure { get; init; } = "MD";
    public string? Method { get; init; } = "REML";
    public string? Test { get; init; } = "z";
    /// <summary>cellSource, route or null.</summary>
    public string? SubgroupBy { get; init; }
    /// <summary>Only studies of this indication; null = all.</summary>
    public string? Indication { get; init; }
    public bool Clinic { get; init; } = true;
    /// <summary>A saved cohort to compare the clinic with (the clinic row becomes the between-cohort difference); null = pre-post.</summary>
    public string? Comparison { get; init; }
}

/// <summary>The validated request.</summary>
public sealed record MetaQuery(OutcomeKey Outcome, string Measure, Tau2 Method, MetaTest Test, string? SubgroupBy, string? Indication, bool Clinic,
    string? Comparison = null)
{
    public bool ExplicitMonth => Outcome.Month is not null;

    /// <summary>The axis label: measure, instrument and score, and the scale for ratios.</summary>
    public string EffectLabel => $"{Measure}{(EvidenceCodes.IsRatio(Measure) ? " (log scale)" : "")}, {Outcome.Instrument} {Outcome.Subscale}"
        + (Outcome.Month is { } m ? string.Create(CultureInfo.InvariantCulture, $", {m} mo") : "");
}

/// <summary>A block that was not computed, with the reason shown to the reviewer.</summary>
public sealed record NotComputed(string Reason);

/// <summary>Everything the workspace page, its API and its downloads show; every number is MetaAnalysis.Analyse's.</summary>
/// <param name="Contributions">Every study of the library, in analysis order (year, label); excluded ones with a reason.</param>
/// <param name="Report">Null when fewer than 2 studies have data (<see cref="Problem"/> says why).</param>
/// <param name="MetaRegression">On ln(dose × 10^6 cells), over the studies that report a dose.</param>
public sealed record MetaWorkspaceResult(
    MetaQuery Query, IReadOnlyList<StudyContribution> Contributions, MetaReport? Report, string? Problem,
    IReadOnlyList<string>? SubgroupLabels, string? SubgroupNote,
    MetaRegressionFit? MetaRegression, int MetaRegressionK, string? MetaRegressionNote,
    string? PublicationBiasNote, ClinicRow? Clinic, string? ClinicNote)
{
    public IReadOnlyList<StudyContribution> Included => Contributions.Where(c => c.Effect is not null).ToList();
    public int Patients => Included.Sum(c => c.Patients ?? 0);
}

/// <summary>
/// The meta-analysis workspace: builds each study's effect (<see cref="StudyEffects"/>), runs
/// <see cref="MetaAnalysis.Analyse"/> with subgroups, Egger, trim-and-fill, leave-one-out and cumulative analysis in
/// order of publication year, the meta-regression on ln(dose), and adds the clinic's own pre-post row.
/// </summary>
public sealed class MetaWorkspace(EvidenceStore store, ClinicComparison clinic)
{
    public static Outcome<MetaQuery> Validate(MetaRequest r)
    {
        var e = new FieldErrors();
        var instrument = e.Pattern("instrument", r.Instrument, new(@"^[A-Z][A-Z0-9_]{0,31}$"), "an instrument code such as PAIN_VAS", required: true);
        var subscale = e.Pattern("subscale", r.Subscale, new(@"^[a-z][a-z0-9_]{0,39}$"), "a score name such as vas_mm", required: true);
        var month = e.Number("month", r.Month, 0, 600, required: false, "months");
        var measure = e.OneOf("measure", r.Measure?.ToUpperInvariant(), EvidenceCodes.Measures);
        var method = r.Method is null ? null : MetaCodes.ParseMethod(r.Method);
        if (method is null) e.Add("method", $"Must be one of {string.Join(", ", MetaCodes.MethodCodes)}.");
        var test = r.Test is null ? null : MetaCodes.ParseTest(r.Test);
        if (test is null) e.Add("test", $"Must be one of {string.Join(", ", MetaCodes.TestCodes)}.");
        var by = e.OneOf("subgroupBy", r.SubgroupBy, EvidenceCodes.SubgroupBy, required: false);
        var indication = e.OneOf("indication", r.Indication, EvidenceCodes.Indications, required: false);
        if (!e.IsEmpty) return Outcome.Invalid<MetaQuery>(e.ToDictionary());
        var comparison = string.IsNullOrWhiteSpace(r.Comparison) ? null : r.Comparison.Trim();
        return new MetaQuery(new OutcomeKey(instrument!, subscale!, month), measure!, method!.Value, test!.Value, by, indication, r.Clinic, comparison);
    }

    public async Task<Outcome<MetaWorkspaceResult>> RunAsync(Actor actor, MetaRequest request, CancellationToken ct)
    {
        var validated = Validate(request);
        if (validated is Outcome<MetaQuery>.Invalid invalid) return Outcome.Invalid<MetaWorkspaceResult>(invalid.Errors);
        var q = (Outcome<MetaQuery>.Done)validated;
        var studies = await store.ListAsync(new StudyFilter(Indication: q.Value.Indication), ct);
        ClinicRow? clinicRow = null;
        string? clinicNote = null;
        var query = q.Value;
        if (query.Clinic)
        {
            if (query.Outcome.Month is not { } month) clinicNote = EvidenceMessages.ClinicNeedsMonth;
            else
            {
                switch (await clinic.ComputeAsync(actor, query.Outcome.Instrument, query.Outcome.Subscale, month, ct, query.Measure, query.Comparison))
                {
                    case Outcome<ClinicRow>.Done d: clinicRow = d.Value; break;
                    case Outcome<ClinicRow>.Invalid i when i.Errors.ContainsKey("comparison"): return Outcome.Invalid<MetaWorkspaceResult>(i.Errors);
                    case Outcome<ClinicRow>.Invalid i: clinicNote = i.Errors.Values.First()[0]; break;
                }
                clinicNote ??= clinicRow?.EffectNote;
            }
        }
        return Analyse(query, studies, clinicRow, clinicNote);
    }

    /// <summary>The analysis on a given list of studies (pure; the API and tests share it).</summary>
    public static MetaWorkspaceResult Analyse(MetaQuery q, IReadOnlyList<Study> studies, ClinicRow? clinicRow = null, string? clinicNote = null)
    {
        var ordered = studies.OrderBy(s => s.Data.Year).ThenBy(s => s.Data.Label, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        var contributions = ordered.Select((s, i) => StudyEffects.Build(s, i + 1, q.Outcome.Instrument, q.Outcome.Subscale,
            q.Outcome.Month, q.ExplicitMonth, q.Measure)).ToList();
        var included = contributions.Where(c => c.Effect is not null).ToList();
        if (included.Count < 2)
            return new MetaWorkspaceResult(q, contributions, null, EvidenceMessages.TooFewStudies, null, null, null, 0, null, null, clinicRow, clinicNote);

        var effects = included.Select(c => c.Effect!).ToList();
        var k = effects.Count;
        IReadOnlyList<string>? labels = null;
        string? subgroupNote = null;
        if (q.SubgroupBy is { } by)
        {
            labels = included.Select(c => (by == EvidenceCodes.ByRoute ? c.Study.Data.Route : CellSourceOf(c.Study.Data)) ?? EvidenceCodes.NotReported).ToList();
            if (labels.Distinct(StringComparer.Ordinal).Count() < 2) { subgroupNote = EvidenceMessages.OneSubgroupLevel; labels = null; }
        }
        var options = new MetaOptions(q.Method, q.Test)
        {
            SubgroupColumn = q.SubgroupBy ?? "subgroup",
            Subgroups = labels,
            Egger = k >= 3,
            TrimFill = k >= 3,
            LeaveOneOut = true,
            Cumulative = true,
        };
        var analysed = MetaAnalysis.Analyse(effects, options);
        if (analysed is Outcome<MetaReport>.Invalid inv && (options.Egger || labels is not null))
        {
            // Egger, trim-and-fill or the subgroup model can be inestimable on their own; the main fit still stands.
            analysed = MetaAnalysis.Analyse(effects, options with { Egger = false, TrimFill = false, Subgroups = null });
            subgroupNote ??= labels is null ? null : string.Join(" ", inv.Errors.SelectMany(x => x.Value));
            labels = null;
        }
        if (analysed is not Outcome<MetaReport>.Done report)
            return new MetaWorkspaceResult(q, contributions, null, string.Join(" ", ((Outcome<MetaReport>.Invalid)analysed).Errors.SelectMany(x => x.Value)),
                null, subgroupNote, null, 0, null, null, clinicRow, clinicNote);

        var withDose = included.Select(c => (c, dose: DoseOf(c.Study.Data))).Where(x => x.dose is > 0).ToList();
        MetaRegressionFit? regression = null;
        string? regressionNote = null;
        if (withDose.Count < 3 || withDose.Select(x => x.dose).Distinct().Count() < 2) regressionNote = EvidenceMessages.NoDoseVariation;
        else
        {
            var reg = MetaAnalysis.Analyse(withDose.Select(x => x.c.Effect!).ToList(),
                new MetaOptions(q.Method, q.Test) { ModeratorColumn = "log_dose", Moderator = withDose.Select(x => Math.Log(x.dose!.Value)).ToList() });
            if (reg is Outcome<MetaReport>.Done r) regression = r.Value.MetaRegression;
            else regressionNote = string.Join(" ", ((Outcome<MetaReport>.Invalid)reg).Errors.SelectMany(x => x.Value));
        }
        var biasNote = report.Value.Egger is null ? EvidenceMessages.NeedThreeStudies : null;
        return new MetaWorkspaceResult(q, contributions, report.Value, null, labels, subgroupNote, regression,
            regression is null ? 0 : withDose.Count, regressionNote, biasNote, clinicRow, clinicNote);
    }

    /// <summary>The study's cell source, else the single cell source of its treatment arms.</summary>
    public static string? CellSourceOf(StudyData s) =>
        s.CellSource ?? (s.Arms.Where(a => a.Role == EvidenceCodes.Treatment && a.CellSource is not null).Select(a => a.CellSource).Distinct().ToList()
            is [var only] ? only : null);

    /// <summary>The study's dose, else the single dose of its treatment arms.</summary>
    public static double? DoseOf(StudyData s) =>
        s.DoseCellsE6 ?? (s.Arms.Where(a => a.Role == EvidenceCodes.Treatment && a.DoseCellsE6 is not null).Select(a => a.DoseCellsE6).Distinct().ToList()
            is [var only] ? only : null);
}

using Microsoft.Extensions.Localization;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Outcomes;

/// <summary>The candidate outlook of one patient (<c>instrument</c>, optional <c>score</c>) and its calibration plot.</summary>
public static class OutlookEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/outcomes/outlook").WithTags("Outcomes").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/{patientId}", Outlook);
        api.MapGet("/{patientId}/calibration/svg", Calibration);
    }

    public sealed record OutlookJson(OutlookCandidate Candidate, string Instrument, string Score, double? MinimalImportantChange, int SimilarN,
        MeanChange SimilarChange, Proportion SimilarResponders, int ModelN, int Responders, double EventsPerVariable, bool ModelShown,
        string? NotShownReason, IReadOnlyList<LogisticTerm> ModelTerms, OutlookPrediction? Prediction, IReadOnlyList<CalibrationBin> Calibration,
        Sourced<int> MinPatients, Sourced<double> MinEventsPerVariable);

    public static OutlookJson ToJson(OutlookResult r) => new(r.Candidate, r.Instrument, r.Score, r.MinimalImportantChange, r.SimilarN, r.SimilarChange,
        r.SimilarResponders, r.ModelN, r.Responders, r.EventsPerVariable, r.ModelShown, r.NotShownReason, r.Model?.Terms ?? [], r.Prediction,
        r.Calibration, r.Settings.MinPatients, r.Settings.MinEventsPerVariable);

    static async Task<IResult> Outlook(HttpContext http, OutlookRuns runs, string patientId, string? instrument, string? score, CancellationToken ct) =>
        (await runs.RunAsync(http.Actor(), patientId, instrument, score, ct)).ToHttp(r => TypedResults.Ok(ToJson(r)));

    static async Task<IResult> Calibration(HttpContext http, OutlookRuns runs, string patientId, string? instrument, string? score, IStringLocalizer<Ui> l, CancellationToken ct) =>
        (await runs.RunAsync(http.Actor(), patientId, instrument, score, ct)).ToHttp(r => r.ModelShown
            ? SurvivalEndpoints.Svg(OutcomeChartText.Calibration(l, r), "calibration.svg")
            : TypedResults.Problem(title: "No model", detail: r.NotShownReason, statusCode: StatusCodes.Status404NotFound));
}

using OrthoRegen.Statistics;

namespace OrthoRegen.Outcomes;

/// <summary>The candidate being advised: indication, treated target, baseline KL grade (null for spine), age and BMI today.</summary>
public sealed record OutlookCandidate(string PseudonymCode, string Indication, string Target, int? KlGrade, int Age);

/// <summary>A past treated patient of the same indication with a baseline and 12-month score.</summary>
public sealed record OutlookPast(int Age, int? KlGrade, double Baseline, double AtTwelveMonths, bool Responder);

/// <summary>A predicted probability with its 95% CI from the delta method on the linear predictor (logit scale).</summary>
public sealed record OutlookPrediction(double Probability, double Lower, double Upper, double LinearPredictor, double LinearPredictorSe);

/// <summary>One decile of predicted risk: mean predicted against observed share (calibration plot).</summary>
public sealed record CalibrationBin(int Decile, int N, double MeanPredicted, double Observed);

/// <summary>
/// The candidate outlook. <paramref name="Similar"/> counts similar past patients (same indication, KL band, age band);
/// the model (responding ~ age + KL grade, <c>glm(binomial)</c>) is shown only when the clinic's data reach the configured
/// minimum number of patients and events per variable; otherwise <paramref name="NotShownReason"/> says why.
/// </summary>
public sealed record OutlookResult(OutlookCandidate Candidate, string Instrument, string Score, double? MinimalImportantChange,
    int SimilarN, MeanChange SimilarChange, Proportion SimilarResponders, int ModelN, int Responders, double EventsPerVariable,
    bool ModelShown, string? NotShownReason, LogisticFit? Model, OutlookPrediction? Prediction, IReadOnlyList<CalibrationBin> Calibration,
    OutlookSettings Settings);

public static class OutlookAnalysis
{
    public static OutlookResult Analyse(OutlookCandidate candidate, string instrument, string score, double? mic,
        IReadOnlyList<OutlookPast> past, OutlookSettings settings)
    {
        var band = candidate.KlGrade is { } kl ? settings.BandOf(kl) : null;
        var ageBand = settings.AgeBandYears.Value;
        var similar = past.Where(p => Math.Abs(p.Age - candidate.Age) <= ageBand && (band is null ? p.KlGrade is null : p.KlGrade is { } g && band.Contains(g))).ToList();
        var similarChange = Descriptive.PairedChange(similar.Select(s => s.Baseline).ToList(), similar.Select(s => s.AtTwelveMonths).ToList());
        var similarResponders = Descriptive.Wilson(similar.Count(s => s.Responder), similar.Count);

        var useKl = candidate.KlGrade is not null;
        var modelData = past.Where(p => !useKl || p.KlGrade is not null).ToList();
        var terms = useKl ? 2 : 1;
        var responders = modelData.Count(p => p.Responder);
        var epv = (double)Math.Min(responders, modelData.Count - responders) / terms;
        string? why = null;
        if (mic is null) why = "No minimal important change is configured for this score, so responding is not defined.";
        else if (modelData.Count < settings.MinPatients.Value)
            why = $"Only {modelData.Count} past patients have a baseline and a 12-month score; the clinic shows a prediction from {settings.MinPatients.Value} ({settings.MinPatients.Source}).";
        else if (epv < settings.MinEventsPerVariable.Value)
            why = $"Only {epv:0.#} events per variable; the clinic requires {settings.MinEventsPerVariable.Value:0.#} ({settings.MinEventsPerVariable.Source}).";

        LogisticFit? model = null; OutlookPrediction? prediction = null; IReadOnlyList<CalibrationBin> calibration = [];
        if (why is null)
        {
            List<Covariate> covs = [new Covariate.Numeric("age", modelData.Select(p => (double)p.Age).ToList())];
            if (useKl) covs.Add(new Covariate.Numeric("kl", modelData.Select(p => (double)p.KlGrade!.Value).ToList()));
            var (design, errors) = DesignMatrix.Build(modelData.Count, covs, intercept: true);
            if (design is null) why = string.Join(" ", errors.SelectMany(e => e.Value));
            else switch (LogisticRegression.Fit(modelData.Select(p => p.Responder ? 1.0 : 0.0).ToList(), design))
            {
                case FitOutcome<LogisticFit>.Fitted f:
                    model = f.Fit;
                    double[] x = useKl ? [1, candidate.Age, candidate.KlGrade!.Value] : [1, candidate.Age];
                    prediction = Predict(model, x);
                    calibration = Calibrate(model, design, modelData.Select(p => p.Responder).ToList());
                    break;
                case FitOutcome<LogisticFit>.NotEstimable n: why = n.Reason; break;
            }
        }
        return new OutlookResult(candidate, instrument, score, mic, similar.Count, similarChange, similarResponders, modelData.Count, responders, epv,
            why is null, why, model, prediction, calibration, settings);
    }

    /// <summary>
    /// p = logit⁻¹(xβ) with 95% CI logit⁻¹(xβ ± z·√(xᵀVx)) (the delta method on the linear predictor, as
    /// <c>predict(fit, newdata, type = "link", se.fit = TRUE)</c> then transformed).
    /// </summary>
    public static OutlookPrediction Predict(LogisticFit fit, IReadOnlyList<double> x, double level = 0.95)
    {
        var p = fit.Terms.Count;
        if (x.Count != p) throw new ArgumentException("x must have one value per model term.", nameof(x));
        double eta = 0, v = 0;
        for (var i = 0; i < p; i++)
        {
            eta += x[i] * fit.Terms[i].Coef;
            for (var j = 0; j < p; j++) v += x[i] * fit.Variance[i, j] * x[j];
        }
        var se = Math.Sqrt(v);
        var z = Probability.NormalQuantile(1 - (1 - level) / 2);
        return new OutlookPrediction(Logistic(eta), Logistic(eta - z * se), Logistic(eta + z * se), eta, se);
    }

    static double Logistic(double eta) => 1 / (1 + Math.Exp(-eta));

    /// <summary>In-sample calibration by deciles of predicted probability (equal-count groups in order of prediction).</summary>
    public static IReadOnlyList<CalibrationBin> Calibrate(LogisticFit fit, DesignMatrix design, IReadOnlyList<bool> outcome)
    {
        var n = design.Rows;
        var predicted = Enumerable.Range(0, n).Select(r => Logistic(Enumerable.Range(0, design.Columns).Sum(c => design[r, c] * fit.Terms[c].Coef))).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => predicted[i]).ToArray();
        var bins = new List<CalibrationBin>();
        var groups = Math.Min(10, n);
        for (var d = 0; d < groups; d++)
        {
            var from = d * n / groups; var to = (d + 1) * n / groups;
            var idx = order[from..to];
            if (idx.Length == 0) continue;
            bins.Add(new CalibrationBin(d + 1, idx.Length, idx.Average(i => predicted[i]), idx.Average(i => outcome[i] ? 1.0 : 0.0)));
        }
        return bins;
    }
}

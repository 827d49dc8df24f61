using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The outlook of one candidate patient (has an assessment, maybe not treated): the candidate's latest assessment gives
/// indication and target, its latest imaging read of the target the KL grade; the past patients are the treated members
/// of the same indication the caller may see, with their 12-month change as <see cref="LotOutcomeRuns"/> defines it.
/// A patient the caller may not see answers null (not found). Each run is recorded in the analysis log.
/// </summary>
public sealed class OutlookRuns(Database database, PatientStore patients, CohortSelector selector, LotOutcomeRuns twelveMonths,
    InstrumentCatalog catalog, OutlookSettings settings, AnalysisLog log)
{
    public const string Analysis = "outlook";

    const string AssessmentSql = """
        SELECT a.indication AS Indication, a.target AS Target, a.assessed_on AS AssessedOn
        FROM assessment_versions a
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE NOT a.entered_in_error AND a.patient_id = @patientId
        ORDER BY a.assessed_on DESC, a.id DESC
        """;
    const string KlSql = """
        SELECT r.kl_grade FROM imaging_read_versions r
        JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        WHERE NOT r.entered_in_error AND r.patient_id = @patientId AND r.target = @target AND r.kl_grade IS NOT NULL
        ORDER BY r.read_on DESC, r.id DESC
        """;

    public OutlookSettings Settings => settings;

    public async Task<Outcome<OutlookResult>> RunAsync(Actor actor, string patientId, string? instrument, string? score, CancellationToken ct)
    {
        var options = LotOutcomeOptions.From(catalog, instrument, score, LotAttributes.ViableDose);
        if (options is Outcome<LotOutcomeOptions>.Invalid bad) return Outcome.Invalid<OutlookResult>(bad.Errors);
        var o = ((Outcome<LotOutcomeOptions>.Done)options).Value;
        var patient = await patients.LoadAsync(actor, patientId, ct);
        if (patient is null) return Outcome.NotFound<OutlookResult>();
        AssessmentRow? assessment;
        int? kl;
        await using (var c = await database.OpenAsync(ct))
        {
            assessment = await c.QueryFirstOrDefaultAsync<AssessmentRow>(new CommandDefinition(AssessmentSql, new { patientId }, cancellationToken: ct));
            kl = assessment is null ? null : await c.QueryFirstOrDefaultAsync<int?>(new CommandDefinition(KlSql, new { patientId, target = assessment.Target }, cancellationToken: ct));
        }
        if (assessment is null) return Outcome.Invalid<OutlookResult>(new FieldErrors().Add("patientId", "The patient has no assessment: there is no indication to compare with.").ToDictionary());

        var def = catalog.Find(o.Instrument)!.Definition;
        var higherIsBetter = def.Score(o.Score).Direction == Direction.HigherIsBetter;
        var mic = def.ChangeThresholds.FirstOrDefault(t => t.Score == o.Score && t.Kind == ChangeThresholdKind.MinimalImportantChange);
        var cohort = new CohortDefinition { Indications = [assessment.Indication] };
        var members = (await selector.SelectAsync(actor, cohort, ct)).Where(m => m.PatientId != patientId).ToList();
        var subjects = await twelveMonths.SubjectsAsync(members, o, higherIsBetter, mic, ct);
        var past = members.Zip(subjects).Where(p => p.Second.Change is not null && p.Second.Responder is not null)
            .Select(p => new OutlookPast(p.First.AgeAtDayZero, p.First.KlGrade, p.Second.Baseline!.Value, p.Second.AtTwelveMonths!.Value, p.Second.Responder!.Value))
            .ToList();
        if (mic is null)
            past = members.Zip(subjects).Where(p => p.Second.Change is not null)
                .Select(p => new OutlookPast(p.First.AgeAtDayZero, p.First.KlGrade, p.Second.Baseline!.Value, p.Second.AtTwelveMonths!.Value, false)).ToList();
        var candidate = new OutlookCandidate(patient.PseudonymCode, assessment.Indication, assessment.Target, kl, patient.AgeYears);
        var result = OutlookAnalysis.Analyse(candidate, o.Instrument, o.Score, (double?)mic?.Absolute, past, settings);
        await log.RecordAsync(actor, Analysis, cohort, $"patient={patient.PseudonymCode};instrument={o.Instrument};score={o.Score};shown={result.ModelShown}", ct);
        return result;
    }

    sealed record AssessmentRow
    {
        public string Indication { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly AssessedOn { get; init; }
    }
}

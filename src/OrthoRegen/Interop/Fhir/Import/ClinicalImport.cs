using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.Data;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The clinical pathway resources an import creates: Condition → assessment with its candidacy decisions. Each goes
/// through the validation its slice store applies (<see cref="AssessmentValidation.Validate"/>, the candidacy decision
/// rules of <see cref="CandidacyStore.DecideAsync"/>), is written in the patient's unit transaction and audited there.
/// </summary>
public sealed partial class FhirImport
{
    /// <summary>Whether the import creates records of this resource (beyond the ones <see cref="PlanAsync"/> lists itself).</summary>
    static bool CreatesClinical(IFhirRecord record) => record is FhirCondition or FhirCarePlan;

    /// <summary>The assessment store's rules for an imported Condition, each message at the element that carries the field.</summary>
    void CheckCondition(FhirCondition x, string at, FieldErrors e)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var request = new RecordAssessment
        {
            Indication = x.Indication, Target = x.Target, AssessedOn = FhirWrite.Date(x.AssessedOn), SymptomDurationMonths = x.SymptomDurationMonths,
            PainNrs = x.PainNrs, ActiveInfection = x.Exclusions.Contains(FhirClinicalCodes.ActiveInfection),
            ImmuneDiseaseActive = x.Exclusions.Contains(FhirClinicalCodes.ImmuneDiseaseActive),
            Immunodeficiency = x.Exclusions.Contains(FhirClinicalCodes.Immunodeficiency),
            MalignancyActiveOrRecent = x.Exclusions.Contains(FhirClinicalCodes.Malignancy),
            PregnantOrLactating = x.Exclusions.Contains(FhirClinicalCodes.Pregnant),
            AnticoagulantOrCoagulopathy = x.Exclusions.Contains(FhirClinicalCodes.Anticoagulation),
            Hba1cPct = x.Hba1cPct is { } h ? (double)h : null, CanAttendFollowUp24m = !x.Exclusions.Contains(FhirClinicalCodes.CannotAttend),
            PoorRehabAdherence = x.Exclusions.Contains(FhirClinicalCodes.PoorRehab), PlannedOrigin = x.PlannedOrigin,
            DonorEligibility = x.DonorEligibility, Notes = x.Notes,
        };
        var (_, errors) = AssessmentValidation.Validate(request, today);
        foreach (var (field, m) in errors.Messages)
            e.Add(at + "." + field switch
            {
                "indication" => "code", "target" => "bodySite", "assessedOn" => "recordedDate", "symptomDurationMonths" => "onsetDateTime",
                "notes" => "note[0].text",
                _ => "extension",
            }, field is "painNrs" or "hba1cPct" or "plannedOrigin" or "donorEligibility" ? $"{field}: {m}" : m);
        for (var i = 0; i < x.Decisions.Count; i++)
            CheckDecision(x.Decisions[i], x.Indication, $"{at}.extension", $"Candidacy decision {i + 1}: ", today, e);
    }

    /// <summary>The rules <see cref="CandidacyStore.DecideAsync"/> applies to a decision, against the rule result it was made on.</summary>
    static void CheckDecision(FhirCandidacyDecision d, string indication, string at, string prefix, DateOnly today, FieldErrors e)
    {
        var f = new FieldErrors();
        var decision = f.OneOf("decision", d.Decision, PhysicianDecision.All);
        var result = f.OneOf("ruleResult", d.RuleResult, CandidacyResult.All);
        f.Optional("overrideReason", d.OverrideReason, 2000);
        if (decision is not null && result is not null) CandidacyRules.CheckDecision(decision, indication, result, d.ResearchOnly, d.OverrideReason, f);
        if (d.DecidedOn > today) f.Add("decidedOn", "Must not be in the future.");
        foreach (var (field, m) in f.Messages) e.Add(at, $"{prefix}{field}: {m}");
    }

    static readonly string InsertDecision = Imported(CandidacyStore.InsertSql);

    /// <summary>
    /// Writes the assessment (record <paramref name="id"/>) and its candidacy decisions, each decision its own record with
    /// its audit row. The decision keeps the rule result it was made on; the rule trace is not carried by the bundle, so
    /// an imported decision has an empty trace.
    /// </summary>
    async Task<string> WriteConditionAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, Actor actor, FhirCondition x, string id,
        string patientId, DateTimeOffset now, CancellationToken ct)
    {
        var by = actor.Username;
        await batch.Head.ExecuteAsync(ct, id, AssessmentStore.Kind, patientId, now, by);
        await c.ExecuteAsync(AssessmentStore.InsertAssessment, new
        {
            Id = id, PatientId = patientId, x.Indication, x.Target, x.AssessedOn, SymptomDurationMonths = x.SymptomDurationMonths!.Value, x.PainNrs,
            ActiveInfection = x.Exclusions.Contains(FhirClinicalCodes.ActiveInfection),
            ImmuneDiseaseActive = x.Exclusions.Contains(FhirClinicalCodes.ImmuneDiseaseActive),
            Immunodeficiency = x.Exclusions.Contains(FhirClinicalCodes.Immunodeficiency),
            MalignancyActiveOrRecent = x.Exclusions.Contains(FhirClinicalCodes.Malignancy),
            PregnantOrLactating = x.Exclusions.Contains(FhirClinicalCodes.Pregnant),
            AnticoagulantOrCoagulopathy = x.Exclusions.Contains(FhirClinicalCodes.Anticoagulation),
            Hba1cPct = x.Hba1cPct is { } h ? (double?)h : null, CanAttendFollowUp24m = !x.Exclusions.Contains(FhirClinicalCodes.CannotAttend),
            PoorRehabAdherence = x.Exclusions.Contains(FhirClinicalCodes.PoorRehab), x.PlannedOrigin, x.DonorEligibility, x.Notes, RecordedBy = by, RecordedAt = now,
            Source = "import",
        }, tx);
        // Decisions are recorded in the order they were made; recorded_at keeps that order for the candidacy view.
        var at = now;
        foreach (var d in x.Decisions)
        {
            var did = Ids.New(clock);
            await batch.Head.ExecuteAsync(ct, did, CandidacyStore.Kind, patientId, at, by);
            await c.ExecuteAsync(InsertDecision, new
            {
                Id = did, PatientId = patientId, AssessmentId = id, x.Indication, d.RuleResult, FiredRules = "[]", d.ResearchOnly, d.Decision, d.OverrideReason,
                d.DecidedOn, RecordedBy = by, RecordedAt = at,
            }, tx);
            await batch.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, CandidacyStore.Kind, did, patientId, [Entity, "Condition/" + x.Id]), ct);
            at = at.AddTicks(TimeSpan.TicksPerMillisecond);
        }
        return AssessmentStore.Kind;
    }
}

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// URLs and codes of the clinical pathway resources (Condition with the candidacy decision, CarePlan, Encounter,
/// AdverseEvent) that the import needs beyond R4 (documented in <c>FHIR_EXTENSIONS.md</c>).
/// </summary>
public static class FhirClinicalCodes
{
    /// <summary>Baseline pain NRS (0–10) of an assessment: valueInteger on Condition.</summary>
    public static readonly string BaselinePain = FhirCodes.Extension("condition-baseline-pain");
    /// <summary>An exclusion finding present at the assessment (0..*): valueCoding from <see cref="Exclusion"/>.</summary>
    public static readonly string ExclusionExtension = FhirCodes.Extension("condition-exclusion");
    public static readonly string Exclusion = FhirCodes.CodeSystem("candidacy-exclusion");
    /// <summary>HbA1c in percent (NGSP): valueQuantity (UCUM %) on Condition.</summary>
    public static readonly string Hba1c = FhirCodes.Extension("condition-hba1c");
    /// <summary>Planned product origin: valueCoding from <c>CodeSystem/origin</c>.</summary>
    public static readonly string PlannedOrigin = FhirCodes.Extension("condition-planned-origin");
    /// <summary>Donor eligibility for an allogeneic plan: valueCoding from <see cref="DonorEligibilitySystem"/>.</summary>
    public static readonly string DonorEligibility = FhirCodes.Extension("condition-donor-eligibility");
    public static readonly string DonorEligibilitySystem = FhirCodes.CodeSystem("donor-eligibility");
    /// <summary>
    /// A candidacy decision on the assessment (0..*, complex): sub-extensions <c>decision</c> (valueCode), <c>ruleResult</c>
    /// (valueCode), <c>researchOnly</c> (valueBoolean), <c>overrideReason</c> (valueString, 0..1), <c>decidedOn</c> (valueDate).
    /// </summary>
    public static readonly string CandidacyDecision = FhirCodes.Extension("candidacy-decision");

    /// <summary>Cell manipulation of a plan: valueCoding from <see cref="ManipulationSystem"/> (MINIMAL, MORE_THAN_MINIMAL).</summary>
    public static readonly string Manipulation = FhirCodes.Extension("careplan-manipulation");
    public static readonly string ManipulationSystem = FhirCodes.CodeSystem("manipulation");
    /// <summary>Image guidance of the injections: valueCoding from <see cref="GuidanceSystem"/>.</summary>
    public static readonly string Guidance = FhirCodes.Extension("careplan-guidance");
    public static readonly string GuidanceSystem = FhirCodes.CodeSystem("guidance");
    /// <summary>The regulatory pathway the plan is given under: valueCoding from <c>CodeSystem/consent-pathway</c>.</summary>
    public static readonly string RegulatoryPathway = FhirCodes.Extension("careplan-regulatory-pathway");
    /// <summary>Spinal level of a spinal target (L4-5): valueString.</summary>
    public static readonly string TargetLevel = FhirCodes.Extension("careplan-target-level");
    /// <summary>An adjunct given with the cells (0..*): valueCoding from <see cref="AdjunctSystem"/> (PRP, HA).</summary>
    public static readonly string Adjunct = FhirCodes.Extension("careplan-adjunct");
    public static readonly string AdjunctSystem = FhirCodes.CodeSystem("adjunct");
    /// <summary>Rehabilitation (complex): sub-extensions <c>programme</c> (valueString), <c>weeks</c> and <c>sessionsPerWeek</c> (valueInteger).</summary>
    public static readonly string Rehabilitation = FhirCodes.Extension("careplan-rehabilitation");

    /// <summary>
    /// The assessment flags as exclusion codes, each with whether the flag is set when the code is present. The code for
    /// "can attend follow-up for 24 months" is its negation, so an absent code always means the usual (no concern).
    /// </summary>
    public const string ActiveInfection = "ACTIVE_INFECTION", ImmuneDiseaseActive = "IMMUNE_DISEASE_ACTIVE", Immunodeficiency = "IMMUNODEFICIENCY",
        Malignancy = "MALIGNANCY_ACTIVE_OR_RECENT", Pregnant = "PREGNANT_OR_LACTATING", Anticoagulation = "ANTICOAGULANT_OR_COAGULOPATHY",
        CannotAttend = "CANNOT_ATTEND_FOLLOWUP_24M", PoorRehab = "POOR_REHAB_ADHERENCE";
    public static readonly IReadOnlyList<string> Exclusions =
        [ActiveInfection, ImmuneDiseaseActive, Immunodeficiency, Malignancy, Pregnant, Anticoagulation, CannotAttend, PoorRehab];
}

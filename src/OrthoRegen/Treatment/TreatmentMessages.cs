using System.Globalization;

namespace OrthoRegen.Treatment;

/// <summary>
/// Every sentence the treatment-plan rules produce, in English, so tests can assert on them. Warnings are also keyed
/// (<see cref="Warnings"/>) so the UI can show them in Korean or Chinese; placeholders {0}, {1} … take the arguments.
/// </summary>
public static class TreatmentMessages
{
    // ---- R1-R3 (DOMAIN.md 3.5) ----------------------------------------------------------------------------------
    public const string R1HipGuidance = "R1: a hip intra-articular injection needs image guidance ({0}); {1} is not allowed.";
    public const string R2Allogeneic = "R2: {0} is a donor (allogeneic) product: origin must be ALLOGENEIC.";
    public const string R2BmacOrigin = "R2: BMAC is the patient's own concentrated bone marrow: origin must be AUTOLOGOUS.";
    public const string R2BmacManipulation = "R2: BMAC is only concentrated (minimal manipulation): manipulation must be MINIMAL.";
    public const string R2Expanded = "R2: {0} is culture-expanded: manipulation must be MORE_THAN_MINIMAL.";
    public const string R2Svf = "R2: AD_SVF is isolated by enzymatic digestion: manipulation must be MORE_THAN_MINIMAL.";
    public const string R3Pathway = "R3: a more-than-minimally manipulated product needs a consent on a research or approved-treatment pathway ({0}); the consent this plan rests on is on {1}.";

    // ---- the gate: consent and candidacy decision ----------------------------------------------------------------
    public const string ConsentRequired = "Required: the valid TREATMENT consent this plan rests on.";
    public const string ConsentUnknown = "No such consent for this patient.";
    public const string ConsentNotTreatment = "This is a {0} consent: the plan must rest on a TREATMENT consent.";
    public const string ConsentWithdrawn = "This consent was withdrawn on {0}: a plan needs a valid (signed, not withdrawn) consent.";
    public const string ResearchConsentRequired = "The latest candidacy decision for {0} is REFER_TO_RESEARCH: give the valid RESEARCH consent this plan rests on.";
    public const string ResearchConsentNotResearch = "This is a {0} consent, not a RESEARCH consent.";
    public const string AllogeneicAck = "An allogeneic plan needs a consent that acknowledges the donor (allogeneic) source; the consent this plan rests on does not.";
    public const string NoDecision = "No candidacy decision is recorded for {0}: a plan needs the physician's decision PROCEED, or REFER_TO_RESEARCH with a research consent.";
    public const string DecisionDoNotProceed = "The latest candidacy decision for {0} (recorded {1}) is DO_NOT_PROCEED: no treatment may be planned.";
    public const string IndicationMismatch = "The candidacy decision for {0} was made for {1}.";
    public const string IndicationTarget = "{0} does not fit the target {1}.";

    // ---- plan fields -----------------------------------------------------------------------------------------------
    public const string LevelRequired = "Required for a spinal target: the level, e.g. L4-5 or L5-S1.";
    public const string LevelJoint = "Only for spinal targets: leave empty for a joint.";
    public const string LevelShape = "a spinal level such as L4-5, L5-S1 or C5";
    public const string IntervalRequired = "Required when more than one injection is planned.";
    public const string IntervalSingle = "Only when more than one injection is planned.";
    public const string Adjuncts = "Each adjunct must be PRP or HA, given once; leave the list empty for no adjunct.";
    public const string RehabProgrammeRequired = "Required when rehabilitation weeks or sessions are given.";
    public const string StatusNotActive = "The plan is {0}: only an active plan can be changed.";
    public const string Conflict = "The plan was changed by someone else (you edited version {0}). Reload it and apply your change again.";

    // ---- warnings (keyed) ------------------------------------------------------------------------------------------
    public const string KneeNoGuidanceKey = "R1.KneeNoGuidance", NoWeightKey = "Dose.NoWeight", PathwayDiffersKey = "Pathway.Differs";

    public static readonly IReadOnlyDictionary<string, string> Warnings = new Dictionary<string, string>
    {
        [KneeNoGuidanceKey] = "R1: knee intra-articular injection planned with guidance {0}: image guidance is recommended.",
        [NoWeightKey] = "No weight is recorded for the patient: cells/kg could not be computed. Record a weight and amend the plan.",
        [PathwayDiffersKey] = "The regulatory pathway {0} is not the pathway of the consent this plan rests on ({1}).",
    };

    public static string Format(string template, params object?[] args) => string.Format(CultureInfo.InvariantCulture, template, args);

    public static PlanWarning Warning(string rule, string field, string key, params string[] args) =>
        new(rule, field, key, args, Format(Warnings[key], args));
}

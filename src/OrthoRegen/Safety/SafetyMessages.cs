namespace OrthoRegen.Safety;

/// <summary>The safety slice's user-facing messages (English; the pages translate the ones they show by key).</summary>
public static class SafetyMessages
{
    public const string Grade5NeedsDeath = "Grade 5 (death related to the event) must be serious with the criterion DEATH (rule A2).";
    public const string Grade5NeedsFatal = "Grade 5 means death: the outcome must be FATAL (rule A2).";
    public const string Grade4NeedsAssessment =
        "Grade 4 (life-threatening) is recorded as not serious: confirm that seriousness was assessed by setting seriousnessAssessed to true, or tick a seriousness criterion (rule A2).";
    public const string Grade4NotSeriousWarning = "Grade 4 (life-threatening) recorded as not serious; seriousness was confirmed as assessed (rule A2).";
    public const string DeathNeedsFatal = "The criterion DEATH needs the outcome FATAL.";
    public const string FatalNeedsDeath = "A FATAL outcome needs the seriousness criterion DEATH.";
    public const string HospitalizedNeedsCriterion = "The action HOSPITALIZED makes the event serious: tick the criterion HOSPITALIZATION (rule A1).";
    public const string ResolvedBeforeOnset = "Must not be before the onset.";
    public const string ResolvedNeedsOutcome = "A resolution date needs the outcome RECOVERED, RECOVERED_WITH_SEQUELAE or FATAL.";
    public const string OutcomeNeedsResolved = "Required when the outcome is RECOVERED or RECOVERED_WITH_SEQUELAE.";
    public const string AwareBeforeOnset = "Must not be before the onset: awareness of an event cannot precede it.";
    public const string NoConsent = "The patient has no recorded consent: adverse events are collected from consent onwards (rule A6).";
    public const string OnsetBeforeConsent = "The onset {0:yyyy-MM-dd} is before the patient's first consent ({1:yyyy-MM-dd}): adverse events are collected from consent onwards (rule A6).";
    public const string UnknownCriterion = "Unknown criterion {0}; use {1}.";
    public const string MeddraPt = "an 8-digit MedDRA preferred-term code";
    public const string AlreadySubmitted = "This report was already submitted on {0:yyyy-MM-dd}.";
    public const string NotRequired = "This report is no longer required: the event is not a SUSAR in its current version.";
    public const string SubmittedBeforeAware = "Must not be before the awareness date {0:yyyy-MM-dd}.";
    public const string StaleEvent = "The adverse event was changed by someone else. Reload it and enter the follow-up again.";
    public const string StaleReport = "The report was changed by someone else. Reload the due list and submit again.";

    public const string FollowUpNeedsEvent = "Required when the finding is ADVERSE_EVENT_RECORDED: the adverse event recorded for this follow-up.";
    public const string FollowUpNoEventWithId = "Leave empty when the finding is NO_EVENT.";
    public const string FollowUpEventNotThisPatient = "No adverse event with this id for this patient.";

    public static string SterilityFollowUpReason(string lotNumber) =>
        $"Lot {lotNumber}: sterility test failed after release (rule Q8). Assess the recipient for infection and record any adverse event.";

    public static string FollowUpAlreadyClosed(string by) => $"This follow-up was already closed by {by}.";

    public const string NoSuchAdministration = "No administration with this id for this patient.";

    public static string DiffersFromAdministration(string what, string given) =>
        $"Differs from the linked administration, whose {what} is {given}: leave it empty or give the same value.";
}

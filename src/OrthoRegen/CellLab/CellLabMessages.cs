namespace OrthoRegen.CellLab;

/// <summary>The cell lab's refusal messages, in one place so tests and the UI can rely on them.</summary>
public static class CellLabMessages
{
    public const string I1Mismatch = "I1: this is an autologous product; the recipient must be the donor patient. Mismatch: hard stop.";
    public const string I1MixedDonors = "I1: every collection of one lot must come from the same donor.";
    public const string I3MissingVerifiers = "I3: LABELED and ISSUED events need two verifiers.";
    public const string I3SameVerifier = "I3: the two verifiers must be different people.";
    public const string I3Temperature = "I3: record the storage temperature (°C) or the temperature logger id.";
    public const string I3OutOfOrder = "I3: events are recorded in order; this one is earlier than the item's last event.";
    public const string QaIsAnalyst = "The deciding QA person must differ from every analyst of this lot's QC results.";
    public const string ReleaseContradictsRules = "The decision contradicts the rule result: a lot can be RELEASED only when the rules say RELEASED.";
    public const string ConditionalNotAllowed = "CONDITIONAL_RELEASE is allowed only when the rules say CONDITIONAL_RELEASE (sterility the only pending test).";
    public const string ReasonAfterStop = "A reason is required to supersede a REJECTED or QUARANTINE decision.";
    public const string NoConsent = "No valid consent on record: no harvest without consent (DOMAIN.md 1, step 4).";
    public const string DonorNotEligible = "The donor is not ELIGIBLE (screening): an allogeneic division cannot be allocated.";

    public static string I3ChainBreak(string previousHolder, string previousEvent) =>
        $"I3: the item was last handed to '{previousHolder}' ({previousEvent}); this event must start from that holder (no unrecorded holder).";
}

using System.Globalization;

namespace OrthoRegen.Administration;

/// <summary>
/// The check codes of the bedside (DOMAIN.md 3.4 I1, I2; issue 5 "Administration") and their English sentences, so tests
/// and the UI can rely on them. Each hard stop has its own code; the UI translates by code and falls back to the sentence.
/// </summary>
public static class AdministrationMessages
{
    // ---- hard stops ------------------------------------------------------------------------------------------------
    public const string LotNotReleased = "LOT_NOT_RELEASED";
    public const string AutologousDonorMismatch = "AUTOLOGOUS_DONOR_MISMATCH";
    public const string AllocatedToOtherPatient = "ALLOCATED_TO_OTHER_PATIENT";
    public const string DinMismatch = "DIN_MISMATCH";
    public const string DinCheckCharacter = "DIN_CHECK_CHARACTER";
    public const string ProductCodeMismatch = "PRODUCT_CODE_MISMATCH";
    public const string PatientIdentifierMismatch = "PATIENT_IDENTIFIER_MISMATCH";
    public const string LotExpired = "LOT_EXPIRED";
    public const string PlanNotActive = "PLAN_NOT_ACTIVE";
    public const string PlanOtherPatient = "PLAN_OTHER_PATIENT";
    public const string InjectionBeyondPlan = "INJECTION_BEYOND_PLAN";
    public const string InjectionAlreadyGiven = "INJECTION_ALREADY_GIVEN";
    public const string RouteMismatch = "ROUTE_MISMATCH";
    public const string TargetMismatch = "TARGET_MISMATCH";
    public const string CellSourceMismatch = "CELL_SOURCE_MISMATCH";
    public const string OriginMismatch = "ORIGIN_MISMATCH";
    public const string LotRouteMismatch = "LOT_ROUTE_MISMATCH";
    public const string ConsentWithdrawn = "CONSENT_WITHDRAWN";

    /// <summary>Every hard-stop code, in the order the checks run.</summary>
    public static readonly IReadOnlyList<string> HardStops =
    [
        PlanNotActive, PlanOtherPatient, ConsentWithdrawn, InjectionBeyondPlan, InjectionAlreadyGiven, LotNotReleased, AutologousDonorMismatch,
        AllocatedToOtherPatient, DinMismatch, DinCheckCharacter, ProductCodeMismatch, PatientIdentifierMismatch, LotExpired, CellSourceMismatch,
        OriginMismatch, RouteMismatch, LotRouteMismatch, TargetMismatch,
    ];

    // ---- warnings --------------------------------------------------------------------------------------------------
    public const string GuidanceDiffers = "GUIDANCE_DIFFERS";
    public const string IntervalShort = "INTERVAL_SHORT";
    public const string LotMadeForOtherPlan = "LOT_MADE_FOR_OTHER_PLAN";
    public static readonly IReadOnlyList<string> WarningCodes = [GuidanceDiffers, IntervalShort, LotMadeForOtherPlan];

    public const string NoDecision = "I2: lot {0} has no QA release decision: it cannot be given.";
    public const string NotReleasedStatus = "I2: lot {0} is {1}: only a RELEASED lot (or a conditional release the physician acknowledged) can be given.";
    public const string ConditionalNotAcknowledged = "I2: lot {0} is CONDITIONAL_RELEASE (sterility pending) and no physician has acknowledged the pending tests.";
    public const string DonorMismatch = "I1: lot {0} is autologous from another patient (donor ≠ this patient).";
    public const string OtherRecipient = "Lot {0}{1} is allocated to another patient.";
    public const string NotAllocated = "Allogeneic lot {0}{1} is not allocated to this patient.";
    public const string DinDiffers = "I2: the scanned DIN {0} is not the DIN of lot {1}.";
    public const string FlagsDiffer = "I2: the scanned DIN flags {0} are not the flags of lot {1}.";
    public const string CheckCharacterWrong = "The scanned check character {0} is wrong for DIN {1} (ISO 7064 mod 37-2 gives {2}): rescan the label.";
    public const string ProductCodeDiffers = "I2: the scanned product code {0} is not the product code of lot {1}{2} ({3}).";
    public const string PatientDiffers = "I2: the scanned patient identifier {0} is not this patient's identifier.";
    public const string Expired = "Lot {0} expired at {1:yyyy-MM-dd HH:mm} UTC, before the administration time.";
    public const string PlanStatus = "The plan is {0}: only an ACTIVE plan can be administered.";
    public const string PlanPatient = "This plan belongs to another patient.";
    public const string Consent = "The consent this plan rests on was withdrawn on {0:yyyy-MM-dd}.";
    public const string Beyond = "Injection {0} is beyond the {1} injection(s) planned.";
    public const string AlreadyGiven = "Injection {0} of this plan is already recorded.";
    public const string CellSource = "The lot is {0}; the plan is for {1}.";
    public const string Origin = "The lot is {0}; the plan is for an {1} product.";
    public const string Route = "The route {0} is not the planned route {1}.";
    public const string LotRoute = "Lot {0} is made for {1}, not {2}.";
    public const string Target = "The target {0} is not the planned target {1}.";
    public const string Guidance = "Guidance {0} differs from the planned {1}.";
    public const string Interval = "Only {0} day(s) since injection {1}; the plan's interval is {2} days.";
    public const string OtherPlan = "Lot {0} was made for another plan ({1}).";

    public const string DinShape = "13 DIN characters, optionally followed by the 2 flag characters and/or the check character";
    public const string ProductCodeShape = "8 characters: product description code, collection type and division (e.g. S1234A00)";
    public const string LotUnknown = "No such lot or division at your sites.";
    public const string StaleVersion = "The administration was corrected by someone else (you edited version {0}). Reload it and correct again.";

    public static string Format(string template, params object?[] args) => string.Format(CultureInfo.InvariantCulture, template, args);
}

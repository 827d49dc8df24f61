using System.Text.RegularExpressions;
using OrthoRegen.Assessment;
using OrthoRegen.CellLab;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;
using M = OrthoRegen.Administration.AdministrationMessages;

namespace OrthoRegen.Administration;

/// <summary>A DIN as the scanner read it: the 13 data characters, and the flags and check character when they were scanned.</summary>
public sealed record ScannedDin(string Din, string? Flags, char? CheckCharacter);

/// <summary>A request that passed field validation, with the scans normalised.</summary>
public sealed record ValidAdministration(
    string? PatientId, string LotId, string? DivisionCode, int InjectionNumber, DateTimeOffset AdministeredAt, double DoseViableCellsE6,
    double VolumeMl, string Route, string Guidance, string Target, string? TargetLevel, string Operator, int ObservationMinutes,
    bool ImmediateReaction, string? ReactionNote, ScannedDin Din, string ProductCode, string PatientIdentifier, double? ProductTempC, string Location);

/// <summary>An earlier injection of the same plan, as the interval and duplicate checks read it.</summary>
public sealed record PriorInjection(int InjectionNumber, DateTimeOffset AdministeredAt);

/// <summary>The patient at the bedside: the internal id and the pseudonym code printed on the wristband and labels (I4).</summary>
public sealed record BedsidePatient(string Id, string PseudonymCode);

/// <summary>
/// The bedside hard stops and warnings (DOMAIN.md 3.4 I1 and I2, issue 5 "Administration") as a pure function over the
/// plan, the product, the patient and the request. Every check runs, so the operator sees all failures at once.
/// Scanned codes are compared trimmed and upper-cased; ISBT 128 data identifiers ("=" before a DIN, "=&lt;" before a
/// product code), spaces and the brackets of the eye-readable check character are ignored.
/// </summary>
public static partial class BedsideChecks
{
    /// <summary>Field validation: required values, codes and ranges; the scans must have the ISBT 128 shape.</summary>
    public static (ValidAdministration? Request, FieldErrors Errors) Validate(RecordAdministration r, DateTimeOffset now, string recordedBy)
    {
        var e = new FieldErrors();
        var patientId = e.Optional("patientId", r.PatientId, 64);
        var lotId = e.Required("lotId", r.LotId, 64);
        var division = e.Optional("divisionCode", r.DivisionCode?.ToUpperInvariant(), 2);
        if (division is not null && !Isbt128.IsValidDivision(division)) e.Add("divisionCode", "Two letters or digits, e.g. A0.");
        var number = e.Integer("injectionNumber", r.InjectionNumber, 1, 99, required: true);
        var at = e.Instant("administeredAt", r.AdministeredAt, required: true, notAfter: now);
        var dose = e.Number("doseViableCellsE6", r.DoseViableCellsE6, 0.001, 100_000, required: true, "×10^6 cells");
        var volume = e.Number("volumeMl", r.VolumeMl, 0.01, 1000, required: true, "mL");
        var route = e.OneOf("route", r.Route, TreatmentCodes.Routes);
        var guidance = e.OneOf("guidance", r.Guidance, TreatmentCodes.Guidance);
        var target = e.OneOf("target", r.Target, AssessmentCodes.TreatmentTargets);
        var level = e.Optional("targetLevel", r.TargetLevel?.ToUpperInvariant(), 20);
        var op = e.Optional("operator", r.Operator, 60) ?? recordedBy;
        var observation = e.Integer("observationMinutes", r.ObservationMinutes, 0, 1440, required: true);
        if (r.ImmediateReaction is null) e.Add("immediateReaction", "Required: was there an immediate reaction (true or false)?");
        var note = e.Optional("reactionNote", r.ReactionNote, 1000);
        if (r.ImmediateReaction == true && note is null) e.Add("reactionNote", "Required when there was an immediate reaction: describe it.");
        var din = ParseDin(r.ScannedDin);
        if (string.IsNullOrWhiteSpace(r.ScannedDin)) e.Add("scannedDin", "Required: scan the DIN on the product label.");
        else if (din is null) e.Add("scannedDin", $"Not a DIN: expected {M.DinShape}.");
        var code = NormaliseProductCode(r.ScannedProductCode);
        if (string.IsNullOrWhiteSpace(r.ScannedProductCode)) e.Add("scannedProductCode", "Required: scan the product code on the label.");
        else if (ProductCode.Parse(code) is null) e.Add("scannedProductCode", $"Not a product code: expected {M.ProductCodeShape}.");
        var patient = e.Required("scannedPatientIdentifier", r.ScannedPatientIdentifier?.Trim().ToUpperInvariant(), 40);
        var temp = e.Number("productTempC", r.ProductTempC, -200, 60, required: false, "°C");
        var location = e.Optional("location", r.Location, 120) ?? "bedside";
        if (!e.IsEmpty) return (null, e);
        return (new ValidAdministration(patientId, lotId!, division, number!.Value, at!.Value, dose!.Value, volume!.Value, route!, guidance!, target!,
            level, op, observation!.Value, r.ImmediateReaction!.Value, note, din!, code!, patient!, temp, location), e);
    }

    /// <summary>
    /// Every hard stop and warning for giving <paramref name="lot"/> to <paramref name="patient"/> under <paramref name="plan"/>.
    /// <paramref name="consent"/> is the consent the plan rests on (null when it cannot be found, which is not a stop here:
    /// the plan could not have been saved without it). <paramref name="prior"/> are the plan's injections already recorded.
    /// </summary>
    public static BedsideVerdict Evaluate(TreatmentPlan plan, LotForAdministration lot, BedsidePatient patient, ConsentRecord? consent,
        ValidAdministration r, IReadOnlyList<PriorInjection> prior)
    {
        var stops = new List<BedsideCheck>();
        var warnings = new List<BedsideCheck>();
        void Stop(string code, string field, string template, params object?[] args) => stops.Add(new BedsideCheck(code, field, M.Format(template, args)));
        var division = lot.DivisionCode is null ? "" : "/" + lot.DivisionCode;

        // The plan.
        if (plan.Status != TreatmentCodes.Active) Stop(M.PlanNotActive, "planId", M.PlanStatus, plan.Status);
        if (plan.PatientId != patient.Id || r.PatientId is { } claimed && claimed != plan.PatientId) Stop(M.PlanOtherPatient, "patientId", M.PlanPatient);
        if (consent is { WithdrawnAt: { } withdrawn } && withdrawn <= r.AdministeredAt) Stop(M.ConsentWithdrawn, "planId", M.Consent, withdrawn);
        if (r.InjectionNumber > plan.PlannedInjections) Stop(M.InjectionBeyondPlan, "injectionNumber", M.Beyond, r.InjectionNumber, plan.PlannedInjections);
        if (prior.Any(p => p.InjectionNumber == r.InjectionNumber)) Stop(M.InjectionAlreadyGiven, "injectionNumber", M.AlreadyGiven, r.InjectionNumber);

        // The product's release (I2).
        if (lot.ReleaseStatus is null) Stop(M.LotNotReleased, "lotId", M.NoDecision, lot.LotNumber);
        else if (lot.ReleaseStatus == CellLabCodes.ConditionalRelease && !lot.PhysicianAcknowledged)
            Stop(M.LotNotReleased, "lotId", M.ConditionalNotAcknowledged, lot.LotNumber);
        else if (!lot.IsReleased) Stop(M.LotNotReleased, "lotId", M.NotReleasedStatus, lot.LotNumber, lot.ReleaseStatus);

        // Chain of identity: donor and recipient (I1), then the scans against the COI record (I2).
        if (lot.Origin == CellLabCodes.Autologous && lot.DonorPatientId != patient.Id)
            Stop(M.AutologousDonorMismatch, "lotId", M.DonorMismatch, lot.LotNumber);
        if (lot.Origin == CellLabCodes.Allogeneic)
        {
            if (lot.RecipientPatientId is null) Stop(M.AllocatedToOtherPatient, "divisionCode", M.NotAllocated, lot.LotNumber, division);
            else if (lot.RecipientPatientId != patient.Id) Stop(M.AllocatedToOtherPatient, "divisionCode", M.OtherRecipient, lot.LotNumber, division);
        }
        if (r.Din.Din != lot.Din) Stop(M.DinMismatch, "scannedDin", M.DinDiffers, r.Din.Din, lot.LotNumber);
        else if (r.Din.Flags is { } flags && flags != lot.DinFlags) Stop(M.DinMismatch, "scannedDin", M.FlagsDiffer, flags, lot.LotNumber);
        if (r.Din.CheckCharacter is { } check && check != Isbt128.CheckCharacter(r.Din.Din))
            Stop(M.DinCheckCharacter, "scannedDin", M.CheckCharacterWrong, check, r.Din.Din, Isbt128.CheckCharacter(r.Din.Din));
        if (r.ProductCode != lot.ProductCode) Stop(M.ProductCodeMismatch, "scannedProductCode", M.ProductCodeDiffers, r.ProductCode, lot.LotNumber, division, lot.ProductCode);
        if (!string.Equals(r.PatientIdentifier, patient.PseudonymCode.Trim(), StringComparison.OrdinalIgnoreCase))
            Stop(M.PatientIdentifierMismatch, "scannedPatientIdentifier", M.PatientDiffers, r.PatientIdentifier);

        // Expiry at the time of administration.
        if (r.AdministeredAt >= lot.ExpiresAt) Stop(M.LotExpired, "administeredAt", M.Expired, lot.LotNumber, lot.ExpiresAt.UtcDateTime);

        // Product and procedure against the plan.
        if (lot.CellSource != plan.CellSource) Stop(M.CellSourceMismatch, "lotId", M.CellSource, lot.CellSource, plan.CellSource);
        if (lot.Origin != plan.Origin) Stop(M.OriginMismatch, "lotId", M.Origin, lot.Origin, plan.Origin);
        if (r.Route != plan.Route) Stop(M.RouteMismatch, "route", M.Route, r.Route, plan.Route);
        if (lot.IntendedRoute is { } intended && intended != r.Route) Stop(M.LotRouteMismatch, "route", M.LotRoute, lot.LotNumber, intended, r.Route);
        var given = r.Target + (r.TargetLevel is null ? "" : " " + r.TargetLevel);
        var planned = plan.Target + (plan.TargetLevel is null ? "" : " " + plan.TargetLevel);
        if (r.Target != plan.Target || TreatmentCodes.IsSpinal(plan.Target) && !string.Equals(r.TargetLevel, plan.TargetLevel, StringComparison.OrdinalIgnoreCase))
            Stop(M.TargetMismatch, r.Target != plan.Target ? "target" : "targetLevel", M.Target, given, planned);

        // Warnings: shown, never blocking.
        if (r.Guidance != plan.Guidance) warnings.Add(new(M.GuidanceDiffers, "guidance", M.Format(M.Guidance, r.Guidance, plan.Guidance)));
        if (plan.IntervalDays is { } interval && prior.Where(p => p.InjectionNumber < r.InjectionNumber).MaxBy(p => p.InjectionNumber) is { } previous)
        {
            var days = DateOnly.FromDateTime(r.AdministeredAt.UtcDateTime).DayNumber - DateOnly.FromDateTime(previous.AdministeredAt.UtcDateTime).DayNumber;
            if (days < interval) warnings.Add(new(M.IntervalShort, "administeredAt", M.Format(M.Interval, days, previous.InjectionNumber, interval)));
        }
        if (lot.PlanId is { Length: > 0 } lotPlan && lotPlan != plan.Id)
            warnings.Add(new(M.LotMadeForOtherPlan, "lotId", M.Format(M.OtherPlan, lot.LotNumber, lotPlan)));
        return new BedsideVerdict(stops, warnings);
    }

    /// <summary>Reads a scanned DIN (see the class remarks); null when it does not have the ISBT 128 shape.</summary>
    public static ScannedDin? ParseDin(string? scanned)
    {
        if (string.IsNullOrWhiteSpace(scanned)) return null;
        var s = Noise().Replace(scanned.Trim().ToUpperInvariant(), "");
        if (s.StartsWith('=')) s = s[1..];
        if (s.Length is < 13 or > 16) return null;
        if (Din.Parse(s[..13]) is null) return null;
        var rest = s[13..];
        return rest.Length switch
        {
            0 => new ScannedDin(s[..13], null, null),
            1 => CheckPattern().IsMatch(rest) ? new ScannedDin(s[..13], null, rest[0]) : null,
            2 => FlagsPattern().IsMatch(rest) ? new ScannedDin(s[..13], rest, null) : null,
            _ => FlagsPattern().IsMatch(rest[..2]) && CheckPattern().IsMatch(rest[2..]) ? new ScannedDin(s[..13], rest[..2], rest[2]) : null,
        };
    }

    /// <summary>Upper-cases, drops spaces and the "=&lt;" data identifier of a scanned product code.</summary>
    public static string? NormaliseProductCode(string? scanned)
    {
        if (string.IsNullOrWhiteSpace(scanned)) return null;
        var s = Noise().Replace(scanned.Trim().ToUpperInvariant(), "");
        return s.StartsWith("=<", StringComparison.Ordinal) ? s[2..] : s;
    }

    [GeneratedRegex(@"[\s\[\]]")] private static partial Regex Noise();
    [GeneratedRegex("^[A-Z0-9*]$")] private static partial Regex CheckPattern();
    [GeneratedRegex("^[A-Z0-9]{2}$")] private static partial Regex FlagsPattern();
}

using OrthoRegen.Administration;
using OrthoRegen.CellLab;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;
using M = OrthoRegen.Administration.AdministrationMessages;

namespace OrthoRegen.Tests.Administration;

/// <summary>Every bedside hard stop on its own, the warnings, and the happy path (DOMAIN.md 3.4 I1, I2; issue 5).</summary>
public class BedsideChecksTests
{
    static readonly DateTimeOffset Now = new(2026, 6, 20, 10, 0, 0, TimeSpan.Zero);
    static readonly BedsidePatient Patient = new("p1", "PX-7K2Q");

    static TreatmentPlan Plan() => new()
    {
        Id = "plan1", PatientId = "p1", Version = 1, Status = TreatmentCodes.Active, Indication = "KNEE_OA", Target = "KNEE_R",
        CellSource = "BM_MSC", Origin = "AUTOLOGOUS", Manipulation = "MORE_THAN_MINIMAL", TotalCellsE6 = 50, Route = "INTRA_ARTICULAR",
        Guidance = "ULTRASOUND", PlannedInjections = 2, IntervalDays = 28, ConsentId = "c1",
    };

    /// <summary>An autologous BM-MSC lot of p1, released, DIN G123498654321 (check character H, flags 00), division A0.</summary>
    static LotForAdministration Lot() => new()
    {
        LotId = "lot1", LotNumber = "L-0001", SiteId = "s1", Din = "G123498654321", DinFlags = "00", DinCheckCharacter = 'H', IsTest = true,
        ProductCode = "S0001AA0", DivisionCode = "A0", DivisionId = "div1", ProductType = "EXPANDED_MSC", CellSource = "BM_MSC",
        Origin = "AUTOLOGOUS", Manipulation = "MORE_THAN_MINIMAL", DonorPatientId = "p1", RecipientPatientId = "p1", IntendedRoute = "INTRA_ARTICULAR",
        PlanId = "plan1", ReleaseStatus = CellLabCodes.Released, RuleResult = CellLabCodes.Released, ExpiresAt = Now.AddDays(2),
    };

    static RecordAdministration Request() => new()
    {
        LotId = "lot1", DivisionCode = "A0", InjectionNumber = 1, AdministeredAt = "2026-06-20T09:30:00Z", DoseViableCellsE6 = 50, VolumeMl = 2,
        Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", Target = "KNEE_R", Operator = "dr.lee", ObservationMinutes = 30,
        ImmediateReaction = false, ScannedDin = "=G12349865432100", ScannedProductCode = "=<S0001AA0", ScannedPatientIdentifier = "px-7k2q",
    };

    static ConsentRecord Consent(DateTimeOffset? withdrawn = null) => new() { Id = "c1", PatientId = "p1", FormCode = "TREATMENT", WithdrawnAt = withdrawn };

    static BedsideVerdict Check(TreatmentPlan? plan = null, LotForAdministration? lot = null, RecordAdministration? request = null,
        ConsentRecord? consent = null, IReadOnlyList<PriorInjection>? prior = null, BedsidePatient? patient = null)
    {
        var (valid, errors) = BedsideChecks.Validate(request ?? Request(), Now, "dr.lee");
        Assert.True(errors.IsEmpty, string.Join("; ", errors.ToDictionary().Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")));
        return BedsideChecks.Evaluate(plan ?? Plan(), lot ?? Lot(), patient ?? Patient, consent ?? Consent(), valid!, prior ?? []);
    }

    static BedsideCheck Single(BedsideVerdict v, string code, string field)
    {
        Assert.False(v.Passed);
        var only = Assert.Single(v.Failures);
        Assert.Equal(code, only.Code);
        Assert.Equal(field, only.Field);
        return only;
    }

    [Fact]
    public void Evaluate_EverythingMatches_Passes()
    {
        var v = Check();
        Assert.True(v.Passed);
        Assert.Empty(v.Warnings);
    }

    [Theory]
    [InlineData(null, false, "has no QA release decision")]               // no decision yet
    [InlineData("REJECTED", false, "is REJECTED")]                        // rejected
    [InlineData("QUARANTINE", false, "is QUARANTINE")]                    // quarantined
    [InlineData("CONDITIONAL_RELEASE", false, "no physician has acknowledged")] // sterility pending, not acknowledged
    public void Evaluate_LotNotReleased_HardStop(string? status, bool acknowledged, string says)
    {
        var c = Single(Check(lot: Lot() with { ReleaseStatus = status, PhysicianAcknowledged = acknowledged }), M.LotNotReleased, "lotId");
        Assert.Contains(says, c.Message);
    }

    [Fact]
    public void Evaluate_ConditionalReleaseAcknowledged_Passes() =>
        Assert.True(Check(lot: Lot() with { ReleaseStatus = CellLabCodes.ConditionalRelease, PhysicianAcknowledged = true }).Passed);

    [Fact]
    public void Evaluate_AutologousFromAnotherPatient_I1HardStop()
    {
        var c = Single(Check(lot: Lot() with { DonorPatientId = "p2", RecipientPatientId = "p2" }), M.AutologousDonorMismatch, "lotId");
        Assert.StartsWith("I1:", c.Message);
    }

    [Fact]
    public void Evaluate_AllogeneicDivisionAllocatedToAnother_HardStop()
    {
        var plan = Plan() with { CellSource = "UC_MSC", Origin = "ALLOGENEIC" };
        var lot = Lot() with { CellSource = "UC_MSC", Origin = "ALLOGENEIC", DonorPatientId = null, DonorId = "d1", RecipientPatientId = "p2" };
        var c = Single(Check(plan, lot), M.AllocatedToOtherPatient, "divisionCode");
        Assert.Contains("L-0001/A0 is allocated to another patient", c.Message);
        Single(Check(plan, lot with { RecipientPatientId = null }), M.AllocatedToOtherPatient, "divisionCode"); // not allocated at all
        Assert.True(Check(plan, lot with { RecipientPatientId = "p1" }).Passed);
    }

    [Theory]
    [InlineData("G123498654322")]    // another donation
    [InlineData("G12349865432101")]  // right DIN, wrong flags
    public void Evaluate_ScannedDinDiffers_I2HardStop(string scanned) =>
        Single(Check(request: Request() with { ScannedDin = scanned }), M.DinMismatch, "scannedDin");

    [Fact]
    public void Evaluate_WrongCheckCharacter_HardStopNamesTheRightOne()
    {
        var c = Single(Check(request: Request() with { ScannedDin = "G123498654321 00 [J]" }), M.DinCheckCharacter, "scannedDin");
        Assert.Contains("gives H", c.Message); // ISO 7064 mod 37-2 test vector G123498654321 → H (DOMAIN.md 3.4)
    }

    [Theory]
    [InlineData("G123498654321H")]          // DIN + check character
    [InlineData("G1234 98 654321 00 [H]")]  // eye-readable form
    [InlineData("g123498654321")]           // lower case from a keyboard wedge
    public void Evaluate_DinScanForms_Pass(string scanned) => Assert.True(Check(request: Request() with { ScannedDin = scanned }).Passed);

    [Theory]
    [InlineData("S0001AB0")] // another division
    [InlineData("S0002AA0")] // another product
    public void Evaluate_ScannedProductCodeDiffers_I2HardStop(string scanned) =>
        Single(Check(request: Request() with { ScannedProductCode = scanned }), M.ProductCodeMismatch, "scannedProductCode");

    [Fact]
    public void Evaluate_WrongPatientWristband_I2HardStop()
    {
        var c = Single(Check(request: Request() with { ScannedPatientIdentifier = "PX-9ZZZ" }), M.PatientIdentifierMismatch, "scannedPatientIdentifier");
        Assert.Contains("PX-9ZZZ", c.Message);
    }

    [Theory]
    [InlineData("2026-06-20T09:30:00Z", "2026-06-20T09:30:00Z")] // expires at the very minute: expired
    [InlineData("2026-06-20T09:30:00Z", "2026-06-19T23:59:00Z")] // expired the night before
    public void Evaluate_LotExpiredAtAdministration_HardStop(string administeredAt, string expiresAt) =>
        Single(Check(lot: Lot() with { ExpiresAt = DateTimeOffset.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture) },
            request: Request() with { AdministeredAt = administeredAt }), M.LotExpired, "administeredAt");

    [Theory]
    [InlineData("COMPLETED")]
    [InlineData("CANCELLED")]
    public void Evaluate_PlanNotActive_HardStop(string status) => Single(Check(plan: Plan() with { Status = status }), M.PlanNotActive, "planId");

    [Fact]
    public void Evaluate_PlanOfAnotherPatient_HardStop() =>
        Single(Check(request: Request() with { PatientId = "p2" }), M.PlanOtherPatient, "patientId");

    [Fact]
    public void Evaluate_InjectionBeyondPlanned_HardStop()
    {
        var prior = new[] { new PriorInjection(1, Now.AddDays(-60)), new PriorInjection(2, Now.AddDays(-30)) };
        var c = Single(Check(request: Request() with { InjectionNumber = 3 }, prior: prior), M.InjectionBeyondPlan, "injectionNumber");
        Assert.Contains("beyond the 2 injection(s) planned", c.Message);
    }

    [Fact]
    public void Evaluate_InjectionNumberAlreadyRecorded_HardStop() =>
        Single(Check(prior: [new PriorInjection(1, Now.AddDays(-1))]), M.InjectionAlreadyGiven, "injectionNumber");

    [Fact]
    public void Evaluate_RouteDiffersFromPlan_HardStop()
    {
        var v = Check(request: Request() with { Route = "SUBCHONDRAL_INTRAOSSEOUS" }, lot: Lot() with { IntendedRoute = null });
        Single(v, M.RouteMismatch, "route");
    }

    [Fact]
    public void Evaluate_LotMadeForAnotherRoute_HardStop() =>
        Single(Check(lot: Lot() with { IntendedRoute = "INTRADISCAL" }), M.LotRouteMismatch, "route");

    [Theory]
    [InlineData("KNEE_L", null, "target")]  // the other knee
    [InlineData("HIP_R", null, "target")]   // another joint
    public void Evaluate_TargetDiffersFromPlan_HardStop(string target, string? level, string field) =>
        Single(Check(request: Request() with { Target = target, TargetLevel = level }), M.TargetMismatch, field);

    [Fact]
    public void Evaluate_SpinalLevelDiffers_HardStop()
    {
        var plan = Plan() with { Indication = "DISC_DEGENERATION", Target = "LUMBAR", TargetLevel = "L4-5", Route = "INTRADISCAL" };
        var lot = Lot() with { IntendedRoute = "INTRADISCAL" };
        var ok = Request() with { Target = "LUMBAR", TargetLevel = "l4-5", Route = "INTRADISCAL" };
        Assert.True(Check(plan, lot, ok).Passed);
        var c = Single(Check(plan, lot, ok with { TargetLevel = "L5-S1" }), M.TargetMismatch, "targetLevel");
        Assert.Contains("LUMBAR L5-S1 is not the planned target LUMBAR L4-5", c.Message);
    }

    [Fact]
    public void Evaluate_CellSourceDiffersFromPlan_HardStop() =>
        Single(Check(plan: Plan() with { CellSource = "AD_MSC" }), M.CellSourceMismatch, "lotId");

    [Fact]
    public void Evaluate_ConsentWithdrawnBeforeInjection_HardStop() =>
        Single(Check(consent: Consent(Now.AddDays(-1))), M.ConsentWithdrawn, "planId");

    [Fact]
    public void Evaluate_WrongPatientAndExpiredLot_ListsBothChecks()
    {
        var v = Check(lot: Lot() with { ExpiresAt = Now.AddDays(-1) }, request: Request() with { ScannedPatientIdentifier = "PX-0000" });
        Assert.Equal([M.PatientIdentifierMismatch, M.LotExpired], v.Failures.Select(f => f.Code));
    }

    [Fact]
    public void Evaluate_GuidanceDiffers_WarnsOnly()
    {
        var v = Check(request: Request() with { Guidance = "NONE" });
        Assert.True(v.Passed);
        Assert.Equal(M.GuidanceDiffers, Assert.Single(v.Warnings).Code);
    }

    [Fact]
    public void Evaluate_SecondInjectionSoonerThanInterval_WarnsOnly()
    {
        var v = Check(request: Request() with { InjectionNumber = 2 }, prior: [new PriorInjection(1, Now.AddDays(-20))]);
        Assert.True(v.Passed);
        var w = Assert.Single(v.Warnings);
        Assert.Equal(M.IntervalShort, w.Code);
        Assert.Contains("Only 20 day(s) since injection 1; the plan's interval is 28 days.", w.Message);
        Assert.Empty(Check(request: Request() with { InjectionNumber = 2 }, prior: [new PriorInjection(1, Now.AddDays(-28))]).Warnings); // exactly on interval
    }

    [Theory]
    [InlineData("G12349865432")]      // 12 characters
    [InlineData("G12349865432100HX")] // 17 characters
    [InlineData("012349865432100")]   // a FIN starts with a letter
    [InlineData("G12349865432100#")]  // '#' is not a check character
    public void Validate_MalformedDin_NamesScannedDin(string scanned)
    {
        var (valid, errors) = BedsideChecks.Validate(Request() with { ScannedDin = scanned }, Now, "dr.lee");
        Assert.Null(valid);
        Assert.Equal(["scannedDin"], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("G123498654321", null, null)]
    [InlineData("G123498654321H", null, 'H')]
    [InlineData("G12349865432100", "00", null)]
    [InlineData("=G12349865432100H", "00", 'H')]
    public void ParseDin_ReadsFlagsAndCheckCharacter(string scanned, string? flags, char? check)
    {
        var din = BedsideChecks.ParseDin(scanned)!;
        Assert.Equal(("G123498654321", flags, check), (din.Din, din.Flags, din.CheckCharacter));
    }

    [Fact]
    public void Validate_MissingScansAndFutureTime_NamesEachField()
    {
        var (valid, errors) = BedsideChecks.Validate(Request() with
        {
            ScannedDin = " ", ScannedProductCode = "XYZ", ScannedPatientIdentifier = null, AdministeredAt = "2026-06-21T10:00:00Z", ImmediateReaction = true,
        }, Now, "dr.lee");
        Assert.Null(valid);
        Assert.Equal(["administeredAt", "reactionNote", "scannedDin", "scannedPatientIdentifier", "scannedProductCode"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HardStops_EachCodeIsDistinct() => Assert.Equal(M.HardStops.Count, M.HardStops.Distinct().Count());
}

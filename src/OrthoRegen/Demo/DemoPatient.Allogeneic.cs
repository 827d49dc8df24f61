using System.Globalization;
using System.Text.Json;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Treatment;

namespace OrthoRegen.Demo;

/// <summary>
/// The allogeneic side of the demo: a bank of umbilical-cord MSC lots (DOMAIN.md 1 step 6 "allocation of an allogeneic
/// lot", 2 Donor, 3.2, 3.4). Each lot comes from one screened BIRTH_TISSUE donor, is culture-expanded, QC-tested against the
/// EXPANDED_MSC specification (a few fail and are discarded), cryopreserved, and then serves several patients: one ISBT 128
/// division per recipient, allocated at the bedside day, thawed, issued under two-person verification and administered,
/// so lot → every recipient and recipient → donor can be traced.
/// </summary>
/// <remarks>
/// Streaming: lots are opened per (site, calendar year of Day 0, route) the first time a patient of that year needs
/// one, made and released before the year starts, and closed when their doses are used; only the open lots are held
/// (at most sites × years × routes small records), never the cohort. Lots are drawn from the patient's own random
/// stream in generation order, so a seed still gives the same cohort, and replaying committed patients (resume) rebuilds
/// the same open lots.
/// </remarks>
public sealed partial class DemoPatient
{
    const string Cryostore = "LN2 cryostore";
    const string Technologist = "demo.technologist";
    const string Operator = "demo.operator";

    readonly Dictionary<(string Site, int Year, string Route), BankLot> _openLots = [];
    long _donors;

    /// <summary>An open allogeneic lot: what allocation needs to add a division and label it.</summary>
    sealed class BankLot
    {
        public required string Id { get; init; }
        public required string Number { get; init; }
        public required string SiteId { get; init; }
        public required string ScannedDin { get; init; }
        public required ProductCode ProductCode { get; init; }
        public required double DoseVolumeMl { get; init; }
        public required double ViableCellsE6 { get; init; }
        public required DateTimeOffset ReleasedAt { get; init; }
        public required DateTimeOffset ExpiresAt { get; init; }
        public required int Doses { get; init; }
        public int Used { get; set; }
    }

    /// <summary>The allogeneic share of plans: umbilical-cord MSC for knee OA [S001] (2 of 16 RCTs) and thoracic/cervical SCI [S002] (Korean UC-MSC phase I/IIa).</summary>
    static bool WantsAllogeneic(string indication, DemoRandom r) => indication switch
    {
        Assessment.AssessmentCodes.KneeOa => r.Chance(0.12),
        Assessment.AssessmentCodes.Sci => r.Chance(0.35),
        _ => false,
    };

    /// <summary>
    /// A division of a released lot for this patient's Day 0, with its allocation and the custody chain up to the issue to
    /// the operator (the ADMINISTERED event is written with the administration). Opens a lot when none is open.
    /// </summary>
    LotOutcome AllocateDivision(Story s, ValidPlan plan, DateOnly day0, DemoRandom r)
    {
        var key = (s.SiteId, day0.Year, plan.Route);
        if (!_openLots.TryGetValue(key, out var lot))
        {
            lot = OpenLot(s.SiteId, day0.Year, plan, r);
            _openLots[key] = lot;
        }
        lot.Used++;
        if (lot.Used == lot.Doses) _openLots.Remove(key); // all doses given: the lot is closed

        var code = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + lot.Used - 1)}0");
        var divisionId = _ids.NextId();
        var createdAt = At(day0, 7 * 60);
        var allocatedAt = createdAt.AddMinutes(20);
        Head(divisionId, LotStore.DivisionKind, null, 2, createdAt);
        _rows.Add("lot_division_versions", divisionId, 1, lot.Id, code, lot.DoseVolumeMl, lot.ViableCellsE6, null, null, _by, createdAt, RecordSource.Clinic, null);
        _rows.Add("lot_division_versions", divisionId, 2, lot.Id, code, lot.DoseVolumeMl, lot.ViableCellsE6, s.PatientId, allocatedAt, _by, allocatedAt,
            RecordSource.Clinic, "allocation");
        var thawedAt = At(day0, 8 * 60);
        Custody(lot.SiteId, CellLabCodes.ItemDivision, divisionId, lot.Id, s.PatientId, lot.ExpiresAt, "THAWED", Cryostore, Technologist, "Cell processing lab", thawedAt,
            Math.Round(r.Uniform(36.5, 37.2), 1), null, null, $"Thawed for division {code}");
        Custody(lot.SiteId, CellLabCodes.ItemDivision, divisionId, lot.Id, s.PatientId, lot.ExpiresAt, "ISSUED", Technologist, Operator, "Cell processing lab", thawedAt.AddMinutes(20),
            Math.Round(r.Uniform(4, 8), 1), Technologist, Nurse, $"Issued to the treating team for patient {s.Pseudonym}");
        return new LotOutcome(lot.Id, lot.Number, true, lot.ReleasedAt, lot.DoseVolumeMl, lot.ScannedDin, lot.ProductCode.WithDivision(code).Code)
        {
            DivisionId = divisionId, DivisionCode = code, SiteId = lot.SiteId, ExpiresAt = lot.ExpiresAt, ReadyAt = lot.ReleasedAt,
        };
    }

    /// <summary>
    /// Makes lots until one is released: sometimes a donor first fails screening (no collection), sometimes a lot fails QC
    /// and is discarded. Made in the months before the year starts, so release precedes every Day 0 of the year.
    /// </summary>
    BankLot OpenLot(string siteId, int year, ValidPlan plan, DemoRandom r)
    {
        var yearStart = new DateOnly(year, 1, 1);
        while (true)
        {
            var collectedOn = yearStart.AddDays(-r.Int(120, 170));
            var eligible = !r.Chance(0.06);
            var donorId = WriteDonor(siteId, collectedOn, eligible, r);
            if (!eligible) continue; // an ineligible donor's birth tissue is never processed
            var lot = WriteBankLot(siteId, donorId, collectedOn, plan, r);
            if (lot is not null) return lot;
        }
    }

    /// <summary>A BIRTH_TISSUE donor with every required marker tested (serology and NAT where used); one POS when not eligible.</summary>
    string WriteDonor(string siteId, DateOnly collectedOn, bool eligible, DemoRandom r)
    {
        var donorId = _ids.NextId();
        var registeredAt = At(collectedOn.AddDays(-r.Int(20, 60)), 10 * 60 + r.Int(0, 300));
        var number = ++_donors;
        // Donor codes share the pseudonym alphabet and check character, from a range patients never reach.
        var code = "D-" + _ids.PseudonymFor(300_000_000_000L + number)[2..];
        Head(donorId, DonorStore.Kind, null, 1, registeredAt);
        _rows.Add("donors", donorId, siteId, code, registeredAt);
        _rows.Add("donor_versions", donorId, 1, "BIRTH_TISSUE", string.Create(CultureInfo.InvariantCulture, $"DEMO-DC-{number:D6}"), _by, registeredAt, RecordSource.Clinic, null);
        var testedOn = collectedOn;
        var positive = eligible ? null : r.Pick(("HBV", 0.4), ("HCV", 0.2), ("SYPHILIS", 0.3), ("HTLV_I_II", 0.1));
        var resultedAt = At(testedOn.AddDays(r.Int(2, 5)), 15 * 60);
        void Screen(string marker, string method, string result)
        {
            var id = _ids.NextId();
            Head(id, DonorStore.ScreeningKind, null, 1, resultedAt);
            _rows.Add("donor_screening_versions", id, 1, donorId, marker, method, result, testedOn, _by, resultedAt, RecordSource.Clinic, null);
        }
        foreach (var marker in new[] { "HIV_1_2", "HBV", "HCV", "SYPHILIS", "HTLV_I_II", "CMV" })
        {
            Screen(marker, "SEROLOGY", marker == positive ? "POS" : "NEG");
            if (marker is "HIV_1_2" or "HBV" or "HCV") Screen(marker, "NAT", marker == positive ? "POS" : "NEG");
        }
        return donorId;
    }

    /// <summary>Collection, expansion, QC and the release decision of one lot; null when it was rejected (and discarded).</summary>
    BankLot? WriteBankLot(string siteId, string donorId, DateOnly collectedOn, ValidPlan plan, DemoRandom r)
    {
        var spec = _rules.Release.Specs.For("EXPANDED_MSC")!;
        var collectedAt = At(collectedOn, 6 * 60 + r.Int(0, 600));
        var year = collectedOn.Year % 100;
        var din = Din.From(CellLabOptions.FictitiousFin, year, _ids.NextDinSequence(year), "00", isTest: true);
        var collectionId = _ids.NextId();
        Head(collectionId, CollectionStore.Kind, null, 1, collectedAt);
        _rows.Add("collection_versions", collectionId, 1, siteId, TreatmentCodes.Allogeneic, null, donorId, "UMBILICAL_CORD", collectedAt,
            Math.Round(r.Uniform(20, 45), 0), "demo.midwife", din.Code, din.Flags, din.CheckCharacter.ToString(), true, _by, collectedAt, RecordSource.Clinic, null);
        _rows.Add("lab_dins", din.Code, collectionId, true, collectedAt);

        var lotId = _ids.NextId();
        var lotNumber = "DEMO-UC-" + din.Code;
        var processedAt = At(collectedOn.AddDays(r.Int(28, 35)), 10 * 60);
        // [DESIGN] cryopreserved bank lot (vapour-phase LN2): expiry two years after manufacture, set by the lab instead of the
        // fresh-product default of the specification; it covers the whole calendar year the lot serves.
        var expires = processedAt.AddDays(730);
        var doseVolume = plan.Route == "INTRATHECAL" ? 4.0 : 3.0;
        var collectionType = Isbt128.CollectionTypeFor(TreatmentCodes.Allogeneic, "BIRTH_TISSUE");
        Head(lotId, LotStore.Kind, null, 1, processedAt);
        _rows.Add("product_lots", lotId, siteId, lotNumber, din.Code, processedAt);
        _rows.Add("product_lot_versions", lotId, 1, "EXPANDED_MSC", TreatmentCodes.UcMsc, TreatmentCodes.Allogeneic, TreatmentCodes.MoreThanMinimal,
            spec.ProductDescriptionCode.Value, collectionType.ToString(), null, plan.Route, null, Physician, doseVolume, expires, _by, processedAt,
            RecordSource.Clinic, null);
        _rows.Add("product_lot_collections", lotId, collectionId);
        var stepId = _ids.NextId();
        Head(stepId, LotStore.ProcessingKind, null, 1, processedAt);
        _rows.Add("lot_processing_versions", stepId, 1, lotId, "EXPANSION", processedAt, Technologist, r.Int(3, 5),
            processedAt.UtcDateTime.Date.Subtract(collectedOn.ToDateTime(TimeOnly.MinValue)).Days, null, null, null, _by, processedAt, RecordSource.Clinic, null);
        var labelAt = processedAt.AddMinutes(30);
        Custody(siteId, CellLabCodes.ItemLot, lotId, lotId, null, expires, "LABELED", Technologist, Technologist, "Cell processing lab", labelAt, 20.0, Technologist, Analyst, null);
        Custody(siteId, CellLabCodes.ItemLot, lotId, lotId, null, expires, "CRYOPRESERVED", Technologist, Cryostore, "Cell processing lab", labelAt.AddHours(2), -150.0, null, null,
            "Controlled-rate freezing, vapour-phase liquid nitrogen");

        // QC on the harvested cells before freezing: per-dose viable count, viability, ISCT identity, safety tests.
        var qc = new List<QcReading>();
        var fail = r.Chance(0.05) ? r.Pick(("VIABILITY", 0.4), ("ENDOTOXIN", 0.3), (CellLabCodes.Sterility, 0.2), ("MYCOPLASMA", 0.1)) : null;
        var sampledAt = processedAt.AddHours(-2);
        void Qc(string test, string method, double? value, string? unit, string result, DateTimeOffset resulted)
        {
            var id = _ids.NextId();
            Head(id, LotStore.QcKind, null, 1, resulted);
            _rows.Add("qc_result_versions", id, 1, lotId, test, method, value, unit, result, sampledAt, resulted, Analyst, _by, resulted, RecordSource.Clinic, null);
            qc.Add(new QcReading(test, value, result, unit, (resulted - sampledAt).TotalDays, method));
        }
        var quick = sampledAt.AddHours(2);
        var cells = Math.Round(r.Uniform(95, 105), 1);
        var viability = fail == "VIABILITY" ? Math.Round(r.Uniform(55, 69), 1) : Math.Round(r.Uniform(85, 97), 1);
        Qc("VIABLE_COUNT", "automated count", cells, "×10^6", CellLabCodes.Pass, quick);
        Qc("VIABILITY", "7-AAD flow cytometry", viability, "%", viability >= spec.ViabilityMinPct!.Value ? CellLabCodes.Pass : CellLabCodes.Fail, quick);
        foreach (var m in new[] { "CD73", "CD90", "CD105" })
            Qc(m, "flow cytometry", Math.Round(r.Uniform(spec.IdentityPositiveMinPct!.Value + 0.5, 99.9), 1), "%", CellLabCodes.Pass, quick);
        foreach (var m in new[] { "CD45", "CD34", "CD14_OR_CD11B", "CD79A_OR_CD19", "HLA_DR" })
            Qc(m, "flow cytometry", Math.Round(r.Uniform(0.1, Math.Min(spec.IdentityNegativeMaxPct!.Value, 2) - 0.1), 1), "%", CellLabCodes.Pass, quick);
        Qc("GRAM_STAIN", "Gram stain", null, null, CellLabCodes.Pass, quick);
        Qc("MYCOPLASMA", "PCR", null, null, fail == "MYCOPLASMA" ? CellLabCodes.Fail : CellLabCodes.Pass, sampledAt.AddDays(1));
        var weight = spec.EndotoxinReferenceWeightKg?.Value
            ?? throw new InvalidOperationException("The EXPANDED_MSC specification needs endotoxinReferenceWeightKg for banked allogeneic lots.");
        var limitPerMl = ReleaseRules.EndotoxinLimitEu(spec, plan.Route, weight) / doseVolume;
        var endotoxin = fail == "ENDOTOXIN" ? Math.Round(limitPerMl * r.Uniform(1.2, 2), 2) : Math.Round(Math.Min(0.5, limitPerMl * 0.2), 2);
        Qc("ENDOTOXIN", "LAL kinetic chromogenic", endotoxin, "EU/mL", fail == "ENDOTOXIN" ? CellLabCodes.Fail : CellLabCodes.Pass, quick.AddHours(1));
        Qc(CellLabCodes.Sterility, "USP <71> culture", null, null, fail == CellLabCodes.Sterility ? CellLabCodes.Fail : CellLabCodes.Pass,
            sampledAt.AddDays((spec.SterilityMinIncubationDays?.Value ?? 14) + 0.5));

        var evaluation = _rules.Release.Evaluate(new ReleaseInput
        {
            ProductType = "EXPANDED_MSC", Spec = spec, Qc = qc, RecipientWeightKg = weight, Route = plan.Route, DoseVolumeMl = doseVolume,
            ProcessingDocumented = true, IdentityChecked = true,
        });
        var released = evaluation.RuleResult == CellLabCodes.Released;
        var decidedAt = qc.Max(q => sampledAt.AddDays(q.IncubationDays ?? 0)).AddMinutes(30);
        var decisionId = _ids.NextId();
        Head(decisionId, LotStore.DecisionKind, null, 1, decidedAt);
        _rows.Add("release_decision_versions", decisionId, 1, lotId, released ? CellLabCodes.Released : CellLabCodes.Rejected, evaluation.RuleResult,
            JsonSerializer.Serialize(evaluation.Trace, Json), Qa, decidedAt, null, null, null, _by, decidedAt, RecordSource.Clinic, null);
        if (!released)
        {
            Custody(siteId, CellLabCodes.ItemLot, lotId, lotId, null, expires, "DISCARDED", Cryostore, "Biohazard waste", "Cell processing lab", decidedAt.AddHours(2), -150.0,
                null, null, "Rejected at QC release");
            return null;
        }
        return new BankLot
        {
            Id = lotId, Number = lotNumber, SiteId = siteId, ScannedDin = din.Code + din.Flags + din.CheckCharacter,
            ProductCode = ProductCode.From(spec.ProductDescriptionCode.Value, collectionType, "00"), DoseVolumeMl = doseVolume, ViableCellsE6 = cells,
            ReleasedAt = decidedAt, ExpiresAt = expires, Doses = r.Int(6, 12),
        };
    }

    /// <summary>One custody event as the custody store stamps it: the lot's expiry, the item's patient (a division's recipient once allocated).</summary>
    void Custody(string siteId, string itemKind, string itemId, string lotId, string? patientId, DateTimeOffset expires, string ev, string from, string to,
        string location, DateTimeOffset at, double? tempC, string? verifier1, string? verifier2, string? notes)
    {
        var id = _ids.NextId();
        Head(id, CustodyStore.Kind, patientId, 1, at);
        _rows.Add("custody_event_versions", id, 1, siteId, itemKind, itemId, lotId, ev, from, to, location, at, tempC, null, true, verifier1, verifier2,
            expires, notes, _by, at, RecordSource.Clinic, null);
    }
}

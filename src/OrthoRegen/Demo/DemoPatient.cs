using System.Globalization;
using System.Text.Json;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Treatment;

namespace OrthoRegen.Demo;

/// <summary>The rules and definitions every demo patient is evaluated with: the same objects the stores use.</summary>
public sealed record DemoRules(
    CandidacyRules Candidacy, TreatmentPlanRules Plans, ReleaseRules Release, AdverseEventAssessment Safety,
    ScheduleDefinition Schedule, InstrumentCatalog Catalog)
{
    internal DemoItems Items { get; } = new(Catalog);
}

/// <summary>Ids and codes of one cohort: deterministic for the seed, unique inside the cohort.</summary>
public sealed class DemoIdentity
{
    readonly ulong _prefix;
    long _counter;
    readonly Dictionary<int, int> _dinSequence;

    public DemoIdentity(long seed, IReadOnlyDictionary<int, int> dinSequenceStart)
    {
        _prefix = DemoRandom.Fingerprint(seed);
        _dinSequence = dinSequenceStart.ToDictionary(k => k.Key, k => k.Value);
    }

    /// <summary>A 32-hex-digit id like <see cref="Ids.New"/> issues: the cohort's prefix, then a running number.</summary>
    public string NextId() => string.Create(CultureInfo.InvariantCulture, $"{_prefix >> 32:x8}{++_counter:x24}");

    /// <summary>The next DIN sequence for a collection year (continuing the database's counter).</summary>
    public int NextDinSequence(int year)
    {
        var next = _dinSequence.GetValueOrDefault(year) + 1;
        _dinSequence[year] = next;
        return next;
    }

    public IReadOnlyDictionary<int, int> DinSequences => _dinSequence;

    /// <summary>Continues from the database's DIN counters (when resuming a cohort whose first batches committed).</summary>
    public void ContinueDinSequences(IReadOnlyDictionary<int, int> stored)
    {
        foreach (var (year, last) in stored) _dinSequence[year] = Math.Max(_dinSequence.GetValueOrDefault(year), last);
    }

    /// <summary>
    /// A well-formed pseudonym code for patient <paramref name="index"/>: the index mapped through a bijection of the
    /// 30^8 code space (multiply by a unit, add the seed's offset), so codes never repeat inside a cohort.
    /// </summary>
    public string PseudonymFor(long index)
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
        const long space = 656_100_000_000L; // 30^8
        const long multiplier = 48_271L * 7_919L; // coprime with 2, 3 and 5
        var value = (long)((((System.Numerics.BigInteger)index * multiplier) + (long)(_prefix % (ulong)space)) % space);
        Span<char> body = stackalloc char[8];
        for (var i = 7; i >= 0; i--) { body[i] = alphabet[(int)(value % 30)]; value /= 30; }
        var s = new string(body);
        return "P-" + s + Mod37_2.CheckCharacter(s);
    }
}

/// <summary>
/// One synthetic patient's whole pathway, written as rows of the normal tables. The clinical story follows DOMAIN.md:
/// the candidacy rules, plan rules, release rules and safety rules decide, the follow-up schedule definition generates
/// the visits, and the instruments engine scores answers generated item by item. The outcome model (section 5,
/// [DESIGN] simulator defaults) is documented on <see cref="DemoOutcomeModel"/>.
/// </summary>
public sealed partial class DemoPatient
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Physician = "demo.physician";
    const string Nurse = "demo.nurse";
    const string Analyst = "demo.analyst";
    const string Qa = "demo.qa";

    readonly DemoRules _rules;
    readonly BulkRows _rows;
    readonly DemoIdentity _ids;
    readonly string _by;
    readonly DateOnly _asOf;

    public DemoPatient(DemoRules rules, BulkRows rows, DemoIdentity ids, string recordedBy, DateOnly asOf)
    {
        _rules = rules;
        _rows = rows;
        _ids = ids;
        _by = recordedBy;
        _asOf = asOf;
    }

    static DateTimeOffset At(DateOnly d, int minutes) => new(d.ToDateTime(new TimeOnly(0, 0)).AddMinutes(minutes), TimeSpan.Zero);

    void Head(string id, string kind, string? patientId, int version, DateTimeOffset at) =>
        _rows.Add("record_heads", id, kind, patientId, version, at, _by);

    /// <summary>Writes patient number <paramref name="index"/> (0-based) at <paramref name="site"/>.</summary>
    public void Write(long index, string siteId, DemoRandom r)
    {
        var number = index + 1;
        var indication = r.Pick((AssessmentCodes.KneeOa, 0.60), (AssessmentCodes.HipOa, 0.20), (AssessmentCodes.DiscDegeneration, 0.14), (AssessmentCodes.Sci, 0.06));
        var sex = r.Chance(indication == AssessmentCodes.Sci ? 0.25 : 0.62) ? "F" : "M";
        var age = indication switch
        {
            AssessmentCodes.Sci => r.Int(22, 60),
            AssessmentCodes.DiscDegeneration => r.Int(30, 65),
            _ => Math.Clamp((int)Math.Round(r.Normal(63, 9)), 40, 88),
        };
        // Assessment dates spread over the last 15 years, so long-term follow-up exists for the early patients.
        var assessed = _asOf.AddDays(-r.Int(20, 15 * 365));
        var birth = assessed.AddYears(-age).AddDays(-r.Int(0, 364));
        var patientId = _ids.NextId();
        var created = At(assessed, 9 * 60 + r.Int(0, 120));
        var language = r.Pick(("ko", 0.8), ("en", 0.1), ("zh", 0.1));

        Head(patientId, PatientStore.Kind, patientId, 1, created);
        _rows.Add("patients", patientId, siteId, _ids.PseudonymFor(index), created);
        var code = number.ToString("D7", CultureInfo.InvariantCulture);
        _rows.Add("patient_versions", patientId, 1, "DEMO", "Synthetic " + code, birth, sex, language, "DEMO-" + code,
            null, null, null, _by, created, RecordSource.Clinic, null);

        var height = Math.Round(sex == "F" ? r.Normal(158, 6) : r.Normal(171, 7), 1);
        var bmi = Math.Clamp(r.Normal(indication is AssessmentCodes.KneeOa or AssessmentCodes.HipOa ? 26 : 24, 3.5), 17, 42);
        var weight = Math.Round(bmi * height * height / 10000, 1);
        var measurementId = _ids.NextId();
        Head(measurementId, PatientStore.MeasurementKind, patientId, 1, created);
        _rows.Add("body_measurement_versions", measurementId, 1, patientId, assessed, height, weight, _by, created, RecordSource.Clinic, null);

        var story = new Story(patientId, siteId, indication, sex, age, weight, height, assessed, language, index) { Pseudonym = _ids.PseudonymFor(index) };
        WriteAssessmentAndDecision(story, r);
    }

    /// <summary>What the later steps need to know about the patient.</summary>
    sealed class Story(string patientId, string siteId, string indication, string sex, int age, double weightKg, double heightCm,
        DateOnly assessed, string language, long index)
    {
        public string PatientId { get; } = patientId;
        public string SiteId { get; } = siteId;
        public string Indication { get; } = indication;
        public string Sex { get; } = sex;
        public int Age { get; } = age;
        public double WeightKg { get; } = weightKg;
        public double HeightCm { get; } = heightCm;
        public DateOnly Assessed { get; } = assessed;
        public string Language { get; } = language;
        public long Index { get; } = index;
        public string Target { get; set; } = "";
        public string? Level { get; set; }
        public int? Kl { get; set; }
        public string? AisGrade { get; set; }
        /// <summary>The pseudonym code on the wristband and labels (I4), scanned at the bedside.</summary>
        public string Pseudonym { get; init; } = "";
        /// <summary>An umbilical-cord MSC (allogeneic) product is planned from the consultation on.</summary>
        public bool Allogeneic { get; set; }
        /// <summary>Consents signed at the consultation, before the decision (allogeneic: C9 reads the acknowledgement).</summary>
        public List<ConsentRecord>? EarlyConsents { get; set; }
    }

    void WriteAssessmentAndDecision(Story s, DemoRandom r)
    {
        var at = At(s.Assessed, 10 * 60 + r.Int(0, 240));
        s.Target = s.Indication switch
        {
            AssessmentCodes.KneeOa => r.Chance(0.5) ? "KNEE_L" : "KNEE_R",
            AssessmentCodes.HipOa => r.Chance(0.5) ? "HIP_L" : "HIP_R",
            AssessmentCodes.DiscDegeneration => "LUMBAR",
            _ => r.Chance(0.6) ? "THORACIC" : "CERVICAL",
        };
        s.Level = s.Indication switch
        {
            AssessmentCodes.DiscDegeneration => r.Pick(("L4-5", 0.55), ("L5-S1", 0.35), ("L3-4", 0.10)),
            AssessmentCodes.Sci => s.Target == "THORACIC" ? "T" + r.Int(4, 12).ToString(CultureInfo.InvariantCulture) : "C" + r.Int(4, 7).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        var flags = new
        {
            Infection = r.Chance(0.004), Immune = r.Chance(0.006), Malignancy = r.Chance(0.006),
            Anticoagulant = r.Chance(0.04), Attend = !r.Chance(0.03),
        };
        var symptomMonths = r.Chance(0.05) ? r.Int(1, 2) : r.Int(3, 96);
        var painNrs = r.Int(4, 9);
        double? hba1c = r.Chance(0.15) ? Math.Round(r.Uniform(5.8, 9.2), 1) : null;
        var poorAdherence = r.Chance(0.02);
        s.Allogeneic = WantsAllogeneic(s.Indication, r);
        var plannedOrigin = s.Allogeneic ? TreatmentCodes.Allogeneic : TreatmentCodes.Autologous;
        // The clinic's bank allocates only released lots of ELIGIBLE donors, so the eligibility at the consultation is ELIGIBLE.
        var donorEligibility = s.Allogeneic ? CellLabCodes.Eligible : null;
        var assessmentId = _ids.NextId();
        Head(assessmentId, AssessmentStore.Kind, s.PatientId, 1, at);
        _rows.Add("assessment_versions", assessmentId, 1, s.PatientId, s.Indication, s.Target, s.Assessed, symptomMonths, painNrs,
            flags.Infection, flags.Immune, false, flags.Malignancy, false, flags.Anticoagulant,
            hba1c, flags.Attend, poorAdherence, plannedOrigin,
            donorEligibility, "Synthetic demo record", _by, at, RecordSource.Clinic, null);

        // Imaging: X-ray KL for joints (plus MRI ARCO for hips), MRI Pfirrmann/Modic for discs, ISNCSCI exam for SCI.
        int? kl = null; string? avn = null; int? pfirrmann = null; string? ais = null; bool? boneOnBone = null;
        if (s.Indication is AssessmentCodes.KneeOa or AssessmentCodes.HipOa)
        {
            kl = r.Pick((1, 0.07), (2, 0.33), (3, 0.40), (4, 0.20));
            boneOnBone = kl == 4 && r.Chance(0.6);
            ImagingRead(s, assessmentId, at, "XRAY", null, kl: kl, boneOnBone: boneOnBone, deformity: kl == 4 && r.Chance(0.4));
            if (s.Indication == AssessmentCodes.HipOa)
            {
                avn = r.Pick(("NONE", 0.86), ("ARCO_I", 0.04), ("ARCO_II", 0.05), ("ARCO_III", 0.03), ("ARCO_IV", 0.02));
                ImagingRead(s, assessmentId, at, "MRI", null, avn: avn, fieldStrength: 3.0);
            }
            else if (r.Chance(0.5))
                ImagingRead(s, assessmentId, at, "MRI", null, fieldStrength: 3.0,
                    mftc: Math.Round(Math.Max(0.2, r.Normal(2.6 - 0.35 * kl.Value, 0.3)), 2), lftc: Math.Round(Math.Max(0.2, r.Normal(2.9 - 0.25 * kl.Value, 0.3)), 2));
        }
        else if (s.Indication == AssessmentCodes.DiscDegeneration)
        {
            pfirrmann = r.Pick((1, 0.02), (2, 0.12), (3, 0.40), (4, 0.36), (5, 0.10));
            ImagingRead(s, assessmentId, at, "MRI", s.Level, pfirrmann: pfirrmann, fieldStrength: 1.5,
                modic: r.Pick(("0", 0.6), ("1", 0.2), ("2", 0.2)), discHeight: Math.Round(r.Normal(11 - pfirrmann.Value, 1), 1));
        }
        else
        {
            ais = r.Pick(("A", 0.20), ("B", 0.25), ("C", 0.30), ("D", 0.25));
            s.AisGrade = ais;
            var (uems, lems) = ais switch
            {
                "A" => (s.Target == "CERVICAL" ? r.Int(4, 18) : 50, r.Int(0, 2)),
                "B" => (s.Target == "CERVICAL" ? r.Int(8, 24) : 50, r.Int(0, 4)),
                "C" => (s.Target == "CERVICAL" ? r.Int(15, 35) : 50, r.Int(5, 24)),
                _ => (s.Target == "CERVICAL" ? r.Int(30, 48) : 50, r.Int(25, 45)),
            };
            ImagingRead(s, assessmentId, at, "MRI", s.Level, ais: ais, uems: uems, lems: lems,
                lightTouch: ais == "A" ? r.Int(20, 60) : r.Int(50, 100), pinPrick: ais == "A" ? r.Int(15, 55) : r.Int(40, 100), fieldStrength: 3.0);
        }
        s.Kl = kl;

        // Prior conservative care: mostly failed, sometimes a recent intra-articular injection (C6 DEFER).
        var treatments = new List<PriorTreatment>();
        var kinds = s.Indication is AssessmentCodes.KneeOa or AssessmentCodes.HipOa
            ? new[] { "NSAID", "IA_HA", "PHYSIOTHERAPY", "IA_CORTICOSTEROID", "WEIGHT_LOSS" }
            : ["NSAID", "PHYSIOTHERAPY"];
        var count = r.Chance(0.06) ? 0 : r.Int(1, Math.Min(3, kinds.Length));
        for (var i = 0; i < count; i++)
        {
            var type = kinds[(i + r.Int(0, kinds.Length - 1)) % kinds.Length];
            if (treatments.Any(t => t.Type == type)) continue;
            var response = r.Pick(("NONE", 0.45), ("PARTIAL_TRANSIENT", 0.47), ("GOOD", 0.08));
            var started = s.Assessed.AddDays(-r.Int(200, 2000));
            var ended = s.Assessed.AddDays(-r.Int(20, 190));
            DateOnly? lastIa = AssessmentCodes.IntraArticularTypes.Contains(type)
                ? (r.Chance(0.12) ? s.Assessed.AddDays(-r.Int(10, 80)) : s.Assessed.AddDays(-r.Int(100, 700))) : null;
            if (lastIa is { } l && l > ended) ended = l;
            var tid = _ids.NextId();
            Head(tid, AssessmentStore.TreatmentKind, s.PatientId, 1, at);
            _rows.Add("conservative_treatment_versions", tid, 1, s.PatientId, s.Target, type, started, ended, response, lastIa, _by, at, RecordSource.Clinic, null);
            treatments.Add(new PriorTreatment(type, s.Target, response, lastIa, ended));
        }

        if (s.Allogeneic)
        {
            // C9 reads a consent that acknowledges the donor source, so the consents are signed at the consultation, before the decision.
            var pathway = s.Indication is AssessmentCodes.Sci or AssessmentCodes.DiscDegeneration ? "KR_ARM_RESEARCH" : "KR_ARM_TREATMENT";
            var signedAt = at.AddMinutes(10);
            s.EarlyConsents = [Consent(s, "TREATMENT", pathway, s.Assessed, r, signedAt), Consent(s, "REGISTRY", pathway, s.Assessed, r, signedAt)];
            if (pathway == "KR_ARM_RESEARCH") s.EarlyConsents.Add(Consent(s, "RESEARCH", pathway, s.Assessed, r, signedAt));
        }
        var evaluation = _rules.Candidacy.Evaluate(new CandidacyInput
        {
            Indication = s.Indication, Target = s.Target, AsOf = s.Assessed, SymptomDurationMonths = symptomMonths,
            KlGrade = kl, BoneOnBone = boneOnBone, AvnStage = avn,
            Pfirrmann = pfirrmann is { } p ? [(s.Level!, p)] : [], AisGrade = ais,
            ActiveInfection = flags.Infection, ImmuneDiseaseActive = flags.Immune, MalignancyActiveOrRecent = flags.Malignancy,
            AnticoagulantOrCoagulopathy = flags.Anticoagulant, Hba1cPct = hba1c, PoorRehabAdherence = poorAdherence, Bmi = s.WeightKg / Math.Pow(s.HeightCm / 100, 2),
            CanAttendFollowUp24m = flags.Attend, Treatments = treatments, PlannedOrigin = plannedOrigin,
            DonorEligibility = donorEligibility, ConsentAllogeneicAck = s.Allogeneic,
        });

        // The physician's decision: follows the rule result mostly; some KL4 knees proceed on an override (the patient
        // declines arthroplasty), which gives the demo its "worse in KL4" contrast.
        var research = evaluation.AllowedDecisions.Contains(PhysicianDecision.ReferToResearch) && !evaluation.AllowedDecisions.Contains(PhysicianDecision.Proceed);
        var go = research ? PhysicianDecision.ReferToResearch : PhysicianDecision.Proceed;
        var decision = evaluation.RuleResult switch
        {
            CandidacyResult.Eligible => r.Chance(0.93) ? go : PhysicianDecision.DoNotProceed,
            CandidacyResult.Conditional => r.Chance(0.75) ? go : PhysicianDecision.DoNotProceed,
            CandidacyResult.NotSuitable when kl == 4 && s.Indication == AssessmentCodes.KneeOa && !flags.Infection => r.Chance(0.35) ? go : PhysicianDecision.DoNotProceed,
            _ => PhysicianDecision.DoNotProceed,
        };
        if (!evaluation.AllowedDecisions.Contains(decision)) decision = PhysicianDecision.DoNotProceed;
        var overrideReason = CandidacyRules.Contradicts(decision, evaluation.RuleResult)
            ? "Patient declines arthroplasty after counselling on the lower expected benefit (synthetic demo record)."
            : null;
        var decisionAt = at.AddMinutes(30);
        var decisionId = _ids.NextId();
        Head(decisionId, CandidacyStore.Kind, s.PatientId, 1, decisionAt);
        _rows.Add("candidacy_decision_versions", decisionId, 1, s.PatientId, assessmentId, evaluation.Indication, evaluation.RuleResult,
            JsonSerializer.Serialize(evaluation.Findings, Json), evaluation.ResearchOnly, decision, overrideReason, s.Assessed,
            Physician, decisionAt, RecordSource.Clinic, null);

        // Baseline questionnaires at the consultation.
        var outcome = new DemoOutcomeModel(s.Indication, kl, r);
        WriteResponses(s, "BASE", s.Assessed, outcome.Health(0, r), r);

        if (decision == PhysicianDecision.DoNotProceed) return;
        var candidacy = new CandidacyDecision(decisionId, assessmentId, evaluation.Indication, evaluation.RuleResult, evaluation.ResearchOnly,
            decision, overrideReason, s.Assessed, Physician, decisionAt, evaluation.Findings);
        WritePlanAndTreatment(s, candidacy, outcome, r);
    }

    void ImagingRead(Story s, string assessmentId, DateTimeOffset at, string modality, string? level, int? kl = null, bool? boneOnBone = null,
        bool? deformity = null, string? avn = null, int? pfirrmann = null, string? modic = null, double? discHeight = null, string? ais = null,
        int? uems = null, int? lems = null, int? lightTouch = null, int? pinPrick = null, double? fieldStrength = null, double? mftc = null, double? lftc = null)
    {
        var id = _ids.NextId();
        Head(id, AssessmentStore.ReadKind, s.PatientId, 1, at);
        _rows.Add("imaging_read_versions", id, 1, s.PatientId, assessmentId, s.Target, level, modality, s.Assessed, "demo.radiologist",
            modality == "XRAY" ? null : fieldStrength, kl, boneOnBone, deformity, null, null, mftc, lftc, null, null, avn, pfirrmann,
            modic, modic, discHeight, null, ais, ais is null ? null : s.Level, uems, lems, lightTouch, pinPrick, _by, at, RecordSource.Clinic, null);
    }

    /// <summary>Scores the generated answers with the catalog and stores raw items and scores as the response store does.</summary>
    List<InstrumentLink> WriteResponses(Story s, string visit, DateOnly on, double health, DemoRandom r, bool jointProms = true)
    {
        var links = new List<InstrumentLink>();
        var instruments = s.Indication switch
        {
            AssessmentCodes.KneeOa => new[] { Koos.Code, PainScales.NrsCode },
            AssessmentCodes.HipOa => [Hoos.Code, PainScales.NrsCode],
            AssessmentCodes.DiscDegeneration => [Oswestry.Code, PainScales.NrsCode],
            _ => [PainScales.NrsCode],
        };
        var mode = r.Pick((ResponseModes.ClinicTablet, 0.6), (ResponseModes.Portal, 0.25), (ResponseModes.PaperTranscription, 0.15));
        var at = At(on, 11 * 60 + r.Int(0, 300));
        foreach (var code in instruments)
        {
            if (!jointProms && code != PainScales.NrsCode) continue;
            var items = _rules.Items.Answer(code, health, r, code == PainScales.NrsCode ? 0.06 : 0.12);
            var result = _rules.Catalog.Score(new InstrumentRequest(code, items));
            var id = _ids.NextId();
            Head(id, ResponseStore.Kind, s.PatientId, 1, at);
            _rows.Add("instrument_response_versions", id, 1, s.PatientId, code, result.Version!, s.Language, mode, visit, s.Target, on,
                InstrumentJson.WriteItems(items), null, InstrumentJson.ToJson(result), _by, _by, at, ResponseModes.SourceOf(mode), null);
            links.Add(new InstrumentLink(code, id));
        }
        return links;
    }

    void WritePlanAndTreatment(Story s, CandidacyDecision decision, DemoOutcomeModel outcome, DemoRandom r)
    {
        // Consents: treatment (and research for research-only indications) plus registry data use, before the plan.
        var signed = s.Assessed.AddDays(r.Int(1, 10));
        var (source, route, guidance, manipulation) = ChooseProcedure(s, r);
        var researchOnly = decision.Decision == PhysicianDecision.ReferToResearch;
        var pathway = researchOnly ? "KR_ARM_RESEARCH" : manipulation == TreatmentCodes.Minimal ? "ROUTINE_CARE" : "KR_ARM_TREATMENT";
        var consents = s.EarlyConsents ?? [];
        if (s.EarlyConsents is null)
        {
            consents.Add(Consent(s, "TREATMENT", pathway, signed, r));
            consents.Add(Consent(s, "REGISTRY", pathway, signed, r));
            if (researchOnly) consents.Add(Consent(s, "RESEARCH", pathway, signed, r));
        }

        var total = source switch
        {
            TreatmentCodes.Bmac => Math.Round(r.Uniform(15, 120), 1),
            TreatmentCodes.AdSvf => Math.Round(r.Uniform(12, 190), 1),
            _ => s.Indication == AssessmentCodes.Sci || s.Allogeneic ? 100 : Math.Round(r.Uniform(76, 149), 1),
        };
        // Same-day point-of-care products (BMAC, AD_SVF) are one harvest, one injection; a repeat would be a new harvest and plan.
        var injections = source is TreatmentCodes.Bmac or TreatmentCodes.AdSvf || s.Allogeneic || s.Indication is AssessmentCodes.Sci or AssessmentCodes.DiscDegeneration ? 1 : r.Pick((1, 0.7), (2, 0.2), (3, 0.1));
        int? interval = injections == 1 ? null : r.Pick((30, 0.5), (90, 0.3), (180, 0.2));
        var adjuncts = new List<string>();
        if (s.Indication is AssessmentCodes.KneeOa or AssessmentCodes.HipOa && r.Chance(0.3)) adjuncts.Add("PRP");
        if (s.Indication == AssessmentCodes.KneeOa && r.Chance(0.15)) adjuncts.Add("HA");
        var planRequest = new PlanTreatment
        {
            Indication = s.Indication, Target = s.Target, TargetLevel = s.Level, ConsentId = consents[0].Id,
            ResearchConsentId = researchOnly ? consents[2].Id : null, CellSource = source, Origin = s.Allogeneic ? TreatmentCodes.Allogeneic : TreatmentCodes.Autologous,
            Manipulation = manipulation, TotalCellsE6 = total, Route = route, Guidance = guidance, PlannedInjections = injections,
            IntervalDays = interval, Adjuncts = adjuncts, RehabProgramme = s.Indication == AssessmentCodes.Sci ? "Neurorehabilitation" : "Progressive strengthening",
            RehabWeeks = 12, RehabSessionsPerWeek = 2, RegulatoryPathway = pathway,
        };
        var evaluation = _rules.Plans.Evaluate(planRequest, new PlanContext
        {
            Consents = consents, Decisions = [new TargetDecision(s.Target, decision)],
            LatestWeight = new BodyMeasurement { MeasuredOn = s.Assessed, WeightKg = s.WeightKg, HeightCm = s.HeightCm },
        });
        if (evaluation.Plan is not { } plan)
            throw new InvalidOperationException("Demo plan refused by the plan rules: " + string.Join("; ", evaluation.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

        var planId = _ids.NextId();
        var planAt = At(signed, 14 * 60);
        var day0 = signed.AddDays(source == TreatmentCodes.Bmac || source == TreatmentCodes.AdSvf || s.Allogeneic ? r.Int(7, 30) : r.Int(28, 60));
        var collectedOn = source == TreatmentCodes.Bmac || source == TreatmentCodes.AdSvf ? day0 : day0.AddDays(-r.Int(21, 28));
        var planRows = new List<(string Status, string? Reason, DateTimeOffset At)> { (TreatmentCodes.Active, null, planAt) };

        // No fact is dated after the as-of date: an autologous lot whose processing, QC or release would fall after it is left
        // out whole (the plan stays planned, as if not yet harvested), rather than written with results from the future.
        if (collectedOn > _asOf || (s.Allogeneic ? day0 : LotCompleteOn(plan, collectedOn, day0)) > _asOf)
        {
            PlanVersions(planId, s.PatientId, plan, planRows);
            return; // planned, not yet harvested (autologous) or not yet given (allogeneic: the division is allocated on the day)
        }

        var lot = s.Allogeneic ? AllocateDivision(s, plan, day0, r) : WriteLot(s, plan, planId, collectedOn, day0, r);
        if (!lot.Released || day0 > _asOf)
        {
            if (!lot.Released)
                planRows.Add((TreatmentCodes.Cancelled, "Lot rejected at QC release; the patient was offered a new harvest (synthetic demo record).", lot.DecidedAt));
            PlanVersions(planId, s.PatientId, plan, planRows);
            return;
        }

        // Administrations: the first is Day 0; later ones follow the planned interval unless the horizon is reached.
        var administrations = new List<(string Id, DateTimeOffset At)>();
        var thawed = new List<string>();
        for (var n = 1; n <= plan.PlannedInjections; n++)
        {
            var on = day0.AddDays((n - 1) * (plan.IntervalDays ?? 0));
            if (on > _asOf) break;
            var (divisionId, divisionCode, productCode) = (lot.DivisionId, lot.DivisionCode, lot.ProductCode);
            if (lot.Divisions > 0)
            {
                (divisionId, divisionCode, productCode) = ThawDivision(s, lot, n, on, r);
                thawed.Add(divisionId);
            }
            // A same-day product is given once released (and acknowledged), well inside its shelf life.
            var at = lot.SameDay ? lot.ReadyAt.AddMinutes(15 + r.Int(0, 105)) : At(on, 9 * 60 + r.Int(0, 420));
            var id = _ids.NextId();
            Head(id, "administration", s.PatientId, 1, at);
            _rows.Add("administrations", id, planId, s.PatientId, n, lot.Id, divisionId, at);
            var dose = Math.Round(plan.TotalCellsE6 / plan.PlannedInjections, 1);
            _rows.Add("administration_versions", id, 1, s.PatientId, planId, lot.Id, lot.Number, divisionCode, plan.CellSource, n, at, dose,
                lot.DoseVolumeMl, plan.Route, plan.Guidance, plan.Target, plan.TargetLevel, Operator, 30, false, null,
                lot.ScannedDin, productCode, s.Pseudonym, "PASS", "[]", _by, at, RecordSource.Clinic, null);
            if (divisionId is { } division)
                Custody(lot.SiteId!, CellLabCodes.ItemDivision, division, lot.Id, s.PatientId, lot.ExpiresAt!.Value, "ADMINISTERED", Operator,
                    "patient " + s.Pseudonym, "bedside", at, Math.Round(r.Uniform(18, 24), 1), Operator, null, $"Injection {n}");
            administrations.Add((id, at));
        }
        if (lot.Divisions > 0) WriteDivisions(s, lot, thawed);
        if (administrations.Count == plan.PlannedInjections)
            planRows.Add((TreatmentCodes.Completed, "All planned injections given.", administrations[^1].At.AddHours(2)));
        PlanVersions(planId, s.PatientId, plan, planRows);

        WriteFollowUp(s, plan, planId, day0, administrations, lot, outcome, consents[0].Pathway, r);
    }

    void PlanVersions(string planId, string patientId, ValidPlan p, List<(string Status, string? Reason, DateTimeOffset At)> versions)
    {
        Head(planId, TreatmentPlanStore.Kind, patientId, versions.Count, versions[0].At);
        for (var v = 0; v < versions.Count; v++)
            _rows.Add("treatment_plan_versions", planId, v + 1, patientId, versions[v].Status, p.Indication, p.Target, p.TargetLevel, p.CandidacyDecisionId,
                p.ConsentId, p.ResearchConsentId, p.CellSource, p.Origin, p.Manipulation, p.TotalCellsE6, p.WeightKg, p.WeightMeasuredOn,
                p.CellsPerKgE6, p.DoseTier, p.RulesVersion, p.Route, p.Guidance, p.PlannedInjections, p.IntervalDays, string.Join(",", p.Adjuncts),
                p.RehabProgramme, p.RehabWeeks, p.RehabSessionsPerWeek, p.RegulatoryPathway, JsonSerializer.Serialize(p.Warnings, Json),
                Physician, versions[v].At, RecordSource.Clinic, versions[v].Reason);
    }

    static (string Source, string Route, string Guidance, string Manipulation) ChooseProcedure(Story s, DemoRandom r)
    {
        switch (s.Indication)
        {
            case AssessmentCodes.KneeOa:
            case AssessmentCodes.HipOa:
                var source = r.Pick((TreatmentCodes.Bmac, 0.5), (TreatmentCodes.BmMsc, 0.2), (TreatmentCodes.AdMsc, 0.2), (TreatmentCodes.AdSvf, 0.1));
                var subchondral = source == TreatmentCodes.Bmac && r.Chance(0.5);
                if (s.Allogeneic) return (TreatmentCodes.UcMsc, TreatmentCodes.IntraArticular, "ULTRASOUND", TreatmentCodes.MoreThanMinimal);
                return (source, subchondral ? "SUBCHONDRAL_INTRAOSSEOUS" : TreatmentCodes.IntraArticular, subchondral ? "FLUOROSCOPY" : "ULTRASOUND",
                    source == TreatmentCodes.Bmac ? TreatmentCodes.Minimal : TreatmentCodes.MoreThanMinimal);
            case AssessmentCodes.DiscDegeneration:
                return (r.Chance(0.7) ? TreatmentCodes.AdMsc : TreatmentCodes.BmMsc, "INTRADISCAL", "FLUOROSCOPY", TreatmentCodes.MoreThanMinimal);
            default:
                return (s.Allogeneic ? TreatmentCodes.UcMsc : TreatmentCodes.AdMsc, "INTRATHECAL", "FLUOROSCOPY", TreatmentCodes.MoreThanMinimal);
        }
    }

    ConsentRecord Consent(Story s, string form, string pathway, DateOnly signed, DemoRandom r, DateTimeOffset? when = null)
    {
        var id = _ids.NextId();
        var at = when ?? At(signed, 15 * 60 + r.Int(0, 60));
        var cost = form == "TREATMENT" ? r.Pick((4_500_000, 0.4), (7_000_000, 0.4), (12_000_000, 0.2)) : (int?)null;
        Head(id, ConsentStore.Kind, s.PatientId, 1, at);
        _rows.Add("consent_versions", id, 1, s.PatientId, form, "1.0", s.Language, at, "PATIENT", r.Chance(0.5) ? Nurse : null, pathway,
            true, true, cost, true, s.Allogeneic, true, true, true, null, _by, at, RecordSource.Clinic, null);
        return new ConsentRecord
        {
            Id = id, PatientId = s.PatientId, Version = 1, FormCode = form, FormVersion = "1.0", Research = form == "RESEARCH", Language = s.Language,
            SignedAt = at, Signer = "PATIENT", Pathway = pathway, RisksExplained = true, EvidenceLevelExplained = true, SelfPayCostKrw = cost,
            AlternativesExplained = true, AllogeneicSourceAck = s.Allogeneic, PersonalDataProcessing = true, RightToWithdraw = true, LongTermFollowUpAck = true, RecordedBy = _by, RecordedAt = at,
        };
    }

    sealed record LotOutcome(string Id, string Number, bool Released, DateTimeOffset DecidedAt, double? DoseVolumeMl, string ScannedDin, string ProductCode)
    {
        /// <summary>Allogeneic: the division allocated to this patient, with the lot's site and expiry for its custody events.</summary>
        public string? DivisionId { get; init; }
        public string? DivisionCode { get; init; }
        public string? SiteId { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
        /// <summary>When the product may first be given: the release decision, or the physician's acknowledgement of a conditional release.</summary>
        public DateTimeOffset ReadyAt { get; init; }
        /// <summary>A same-day point-of-care product (BMAC, AD_SVF): given on the harvest day, after <see cref="ReadyAt"/>, before it expires.</summary>
        public bool SameDay { get; init; }
        /// <summary>Autologous cryopreserved lot: one division per planned injection (0 when the lot is given whole).</summary>
        public int Divisions { get; init; }
        public DateTimeOffset DividedAt { get; init; }
        public double? DivisionCellsE6 { get; init; }
        public string? ProductDescriptionCode { get; init; }
    }

    static string ProductTypeOf(ValidPlan plan) => plan.CellSource switch
    {
        TreatmentCodes.Bmac => "BMAC",
        TreatmentCodes.AdSvf => "AD_SVF",
        _ => "EXPANDED_MSC",
    };

    /// <summary>
    /// The last day any fact of the autologous lot <see cref="WriteLot"/> writes can fall on (an upper bound): the processing
    /// (the day before Day 0 for an expanded lot), and the sterility result and release decision, the minimum incubation plus
    /// a day after sampling (16 days before Day 0 for an expanded lot, the harvest day otherwise).
    /// </summary>
    DateOnly LotCompleteOn(ValidPlan plan, DateOnly collectedOn, DateOnly day0)
    {
        var productType = ProductTypeOf(plan);
        var incubation = (int)Math.Ceiling(_rules.Release.Specs.For(productType)!.SterilityMinIncubationDays?.Value ?? 14);
        var sampledOn = productType == "EXPANDED_MSC" ? day0.AddDays(-16) : collectedOn;
        var processedOn = productType == "EXPANDED_MSC" ? day0.AddDays(-1) : collectedOn;
        var resultedOn = sampledOn.AddDays(incubation + 1);
        return resultedOn > processedOn ? resultedOn : processedOn;
    }

    /// <summary>
    /// Harvest, lot, processing, labelling and QC for an autologous product, then the release decision the release rules
    /// give. About 3% of culture-expanded lots fail a test (viability, endotoxin or sterility) and are rejected.
    /// </summary>
    LotOutcome WriteLot(Story s, ValidPlan plan, string planId, DateOnly collectedOn, DateOnly day0, DemoRandom r)
    {
        var productType = ProductTypeOf(plan);
        var spec = _rules.Release.Specs.For(productType)!;
        var collectedAt = At(collectedOn, 8 * 60 + r.Int(0, 60));
        var year = collectedOn.Year % 100;
        var din = Din.From(CellLabOptions.FictitiousFin, year, _ids.NextDinSequence(year), "00", isTest: true);
        var collectionId = _ids.NextId();
        var bone = plan.CellSource is TreatmentCodes.Bmac or TreatmentCodes.BmMsc;
        Head(collectionId, CollectionStore.Kind, s.PatientId, 1, collectedAt);
        _rows.Add("collection_versions", collectionId, 1, s.SiteId, TreatmentCodes.Autologous, s.PatientId, null,
            bone ? "BONE_MARROW_ASPIRATE" : "LIPOASPIRATE", collectedAt, Math.Round(bone ? r.Uniform(40, 60) : r.Uniform(50, 200), 0), "demo.harvester",
            din.Code, din.Flags, din.CheckCharacter.ToString(), true, _by, collectedAt, RecordSource.Clinic, null);
        _rows.Add("lab_dins", din.Code, collectionId, true, collectedAt);

        var lotId = _ids.NextId();
        var lotNumber = "DEMO-" + din.Code;
        var doseVolume = productType == "BMAC" ? Math.Round(r.Uniform(3, 8), 1) : Math.Round(r.Uniform(2, 5), 1);
        var processedAt = productType == "EXPANDED_MSC" ? At(day0.AddDays(-1), 10 * 60) : collectedAt.AddHours(1);
        // Same-day point-of-care products (BMAC, AD_SVF) are given on the harvest day within their shelf life from processing.
        // An expanded product for several injections is cryopreserved after QC sampling and split into one division per
        // injection, each thawed on its day ([DESIGN] two-year expiry in vapour-phase LN2, as the allogeneic bank lots);
        // a single-injection expanded product is given fresh within its shelf life.
        var sameDay = productType != "EXPANDED_MSC";
        var divisions = sameDay || plan.PlannedInjections == 1 ? 0 : plan.PlannedInjections;
        var expires = divisions > 0 ? processedAt.AddDays(730) : processedAt.AddHours(spec.ShelfLifeHours.Value);
        Head(lotId, LotStore.Kind, s.PatientId, 1, processedAt);
        _rows.Add("product_lots", lotId, s.SiteId, lotNumber, din.Code, processedAt);
        _rows.Add("product_lot_versions", lotId, 1, productType, plan.CellSource, TreatmentCodes.Autologous, plan.Manipulation,
            spec.ProductDescriptionCode.Value, "A", s.PatientId, plan.Route, planId, Physician, doseVolume, expires, _by, processedAt, RecordSource.Clinic, null);
        _rows.Add("product_lot_collections", lotId, collectionId);

        double? tnc = null, concentrateMl = null;
        var step = productType switch { "BMAC" => "CONCENTRATION", "AD_SVF" => "ISOLATION", _ => "EXPANSION" };
        var stepId = _ids.NextId();
        if (productType == "BMAC") { tnc = Math.Round(r.Uniform(400, 2400), 0); concentrateMl = doseVolume; }
        Head(stepId, LotStore.ProcessingKind, s.PatientId, 1, processedAt);
        _rows.Add("lot_processing_versions", stepId, 1, lotId, step, processedAt, "demo.technologist", productType == "EXPANDED_MSC" ? r.Int(2, 4) : null,
            productType == "EXPANDED_MSC" ? day0.DayNumber - collectedOn.DayNumber - 1 : null, tnc, concentrateMl, null, _by, processedAt, RecordSource.Clinic, null);

        var labelAt = processedAt.AddMinutes(30);
        var custodyId = _ids.NextId();
        Head(custodyId, CustodyStore.Kind, s.PatientId, 1, labelAt);
        _rows.Add("custody_event_versions", custodyId, 1, s.SiteId, CellLabCodes.ItemLot, lotId, lotId, "LABELED", "demo.technologist", "demo.technologist",
            "Cell processing lab", labelAt, 20.0, null, true, "demo.technologist", Analyst, null, null, _by, labelAt, RecordSource.Clinic, null);

        if (divisions > 0)
            Custody(s.SiteId, CellLabCodes.ItemLot, lotId, lotId, s.PatientId, expires, "CRYOPRESERVED", Technologist, Cryostore, "Cell processing lab",
                labelAt.AddHours(2), -150.0, null, null, "Controlled-rate freezing, vapour-phase liquid nitrogen");

        // QC: a small share of expanded and AD_SVF lots fail. A same-day product's rapid tests result within hours; its 14-day
        // sterility culture (always for AD_SVF; optional for BMAC, Q10) is recorded PENDING at sampling and resulted later,
        // as the lab records it (a new version of the result), so the product is released conditionally on the day (Q8).
        var qc = new List<(QcReading Final, DateTimeOffset ResultedAt)>();
        var fail = productType != "BMAC" && r.Chance(0.03)
            ? sameDay ? r.Pick(("VIABILITY", 0.6), ("ENDOTOXIN", 0.4)) : r.Pick(("VIABILITY", 0.5), ("ENDOTOXIN", 0.3), (CellLabCodes.Sterility, 0.2))
            : null;
        var sampledAt = productType == "EXPANDED_MSC" ? At(day0.AddDays(-16), 9 * 60) : processedAt.AddMinutes(10);
        void Qc(string test, string method, double? value, string? unit, string result, DateTimeOffset resulted, bool pendingFirst = false)
        {
            var id = _ids.NextId();
            Head(id, LotStore.QcKind, s.PatientId, pendingFirst ? 2 : 1, pendingFirst ? sampledAt : resulted);
            if (pendingFirst)
                _rows.Add("qc_result_versions", id, 1, lotId, test, method, null, unit, CellLabCodes.Pending, sampledAt, null, Analyst, _by, sampledAt, RecordSource.Clinic, null);
            _rows.Add("qc_result_versions", id, pendingFirst ? 2 : 1, lotId, test, method, value, unit, result, sampledAt, resulted, Analyst, _by, resulted,
                RecordSource.Clinic, pendingFirst ? "Final result" : null);
            qc.Add((new QcReading(test, value, result, unit, (resulted - sampledAt).TotalDays, method), resulted));
        }
        var quick = sampledAt.AddHours(sameDay ? 1 : 2);
        double? viableCells = null;
        if (productType == "BMAC")
        {
            Qc("VIABILITY", "7-AAD flow cytometry", Math.Round(r.Uniform(88, 98), 1), "%", CellLabCodes.Pass, quick);
        }
        else
        {
            var viability = fail == "VIABILITY" ? Math.Round(r.Uniform(55, 69), 1) : Math.Round(r.Uniform(82, 97), 1);
            var cells = Math.Clamp(Math.Round(plan.TotalCellsE6 * r.Uniform(0.98, 1.02), 1), spec.DoseViableCellsMinE6!.Value, spec.DoseViableCellsMaxE6!.Value);
            viableCells = cells;
            Qc("VIABLE_COUNT", "automated count", cells, "×10^6", CellLabCodes.Pass, quick);
            Qc("VIABILITY", "7-AAD flow cytometry", viability, "%", viability >= spec.ViabilityMinPct!.Value ? CellLabCodes.Pass : CellLabCodes.Fail, quick);
            var pos = spec.IdentityPositiveMinPct!.Value;
            var neg = spec.IdentityNegativeMaxPct!.Value;
            foreach (var m in new[] { "CD73", "CD90", "CD105" })
                Qc(m, "flow cytometry", Math.Round(r.Uniform(pos + 0.5, 99.9), 1), "%", CellLabCodes.Pass, quick);
            foreach (var m in new[] { "CD45", "CD34", "CD14_OR_CD11B", "CD79A_OR_CD19", "HLA_DR" })
                Qc(m, "flow cytometry", Math.Round(r.Uniform(0.1, Math.Min(neg, 2) - 0.1), 1), "%", CellLabCodes.Pass, quick);
            Qc("GRAM_STAIN", "Gram stain", null, null, CellLabCodes.Pass, quick);
            // Same-day products: a rapid PCR the same morning; expanded products: the day after sampling.
            Qc("MYCOPLASMA", sameDay ? "PCR (rapid)" : "PCR", null, null, CellLabCodes.Pass, sameDay ? quick.AddHours(1) : sampledAt.AddDays(1));
        }
        var limitPerMl = ReleaseRules.EndotoxinLimitEu(spec, plan.Route, s.WeightKg) / doseVolume;
        var endotoxin = fail == "ENDOTOXIN" ? Math.Round(limitPerMl * r.Uniform(1.2, 2), 2) : Math.Round(Math.Min(0.5, limitPerMl * 0.2), 2);
        Qc("ENDOTOXIN", "LAL kinetic chromogenic", endotoxin, "EU/mL", fail == "ENDOTOXIN" ? CellLabCodes.Fail : CellLabCodes.Pass, quick.AddHours(1));
        // BMAC: the sterility sample is optional (Q10); about a third of the clinic's concentrates get one.
        if (productType != "BMAC" || r.Chance(0.3))
            Qc(CellLabCodes.Sterility, "USP <71> culture", null, null, fail == CellLabCodes.Sterility ? CellLabCodes.Fail : CellLabCodes.Pass,
                sampledAt.AddDays((spec.SterilityMinIncubationDays?.Value ?? 14) + 0.5), pendingFirst: sameDay);

        // The release rules on the results known at a time: a result not out yet is PENDING.
        ReleaseEvaluation EvaluateAt(DateTimeOffset at) => _rules.Release.Evaluate(new ReleaseInput
        {
            ProductType = productType, Spec = spec, RecipientWeightKg = s.WeightKg, Route = plan.Route, DoseVolumeMl = doseVolume,
            TncE6 = tnc, ConcentrateVolumeMl = concentrateMl, ProcessingDocumented = true, IdentityChecked = true,
            Qc = qc.Select(q => q.ResultedAt <= at ? q.Final : q.Final with { Value = null, Result = CellLabCodes.Pending, IncubationDays = null }).ToList(),
        });
        // QA decides once the results the release needs are out: every result (expanded), the rapid ones (same-day).
        var needed = sameDay ? qc.Where(q => q.ResultedAt - sampledAt < TimeSpan.FromDays(1)) : qc;
        var decidedAt = new[] { needed.Max(q => q.ResultedAt), labelAt }.Max().AddMinutes(30);
        var evaluation = EvaluateAt(decidedAt);
        var status = evaluation.RuleResult is CellLabCodes.Released or CellLabCodes.ConditionalRelease ? evaluation.RuleResult : CellLabCodes.Rejected;
        var decisionId = _ids.NextId();
        var trace = JsonSerializer.Serialize(evaluation.Trace, Json);
        var readyAt = decidedAt;
        var decisions = new List<object?[]>
        {
            new object?[] { decisionId, 1, lotId, status, evaluation.RuleResult, trace, Qa, decidedAt, null, null, null, _by, decidedAt, RecordSource.Clinic, null },
        };
        if (status == CellLabCodes.ConditionalRelease)
        {
            // The treating physician acknowledges the pending culture before the injection (a new version, as LotStore.AcknowledgeAsync
            // writes it), and QA takes the final decision when the culture results (as LotStore.DecideAsync does).
            readyAt = decidedAt.AddMinutes(10);
            decisions.Add([decisionId, 2, lotId, status, evaluation.RuleResult, trace, Qa, decidedAt, Physician, readyAt,
                "Same-day product: given before the 14-day sterility culture results.", Physician, readyAt, RecordSource.Clinic,
                "physician acknowledgement of pending tests"]);
            var finalAt = qc.Max(q => q.ResultedAt).AddMinutes(30);
            var final = EvaluateAt(finalAt);
            var finalStatus = final.RuleResult == CellLabCodes.Released ? CellLabCodes.Released : CellLabCodes.Rejected;
            decisions.Add([decisionId, 3, lotId, finalStatus, final.RuleResult, JsonSerializer.Serialize(final.Trace, Json), Qa, finalAt, null, null, null,
                _by, finalAt, RecordSource.Clinic, null]);
        }
        Head(decisionId, LotStore.DecisionKind, s.PatientId, decisions.Count, decidedAt);
        foreach (var d in decisions) _rows.Add("release_decision_versions", d);
        var pdc = spec.ProductDescriptionCode.Value;
        return new LotOutcome(lotId, lotNumber, status != CellLabCodes.Rejected, decidedAt, doseVolume, din.Code + din.Flags + din.CheckCharacter,
            ProductCode.From(pdc, 'A', "00").Code)
        {
            SiteId = s.SiteId, ExpiresAt = expires, ReadyAt = readyAt, SameDay = sameDay, Divisions = divisions, DividedAt = labelAt.AddHours(2),
            DivisionCellsE6 = viableCells is { } v && divisions > 0 ? Math.Round(v / divisions, 1) : null, ProductDescriptionCode = pdc,
        };
    }

    /// <summary>
    /// Injection <paramref name="n"/> of a cryopreserved autologous lot: its division is allocated to the patient (the donor, I1)
    /// in the morning, thawed and issued under two-person verification; the ADMINISTERED event follows with the administration.
    /// The division's first version (unallocated, made at cryopreservation) is written by <see cref="WriteDivisions"/>.
    /// </summary>
    (string Id, string Code, string ProductCode) ThawDivision(Story s, LotOutcome lot, int n, DateOnly on, DemoRandom r)
    {
        var code = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + n - 1)}0");
        var id = _ids.NextId();
        var allocatedAt = At(on, 7 * 60 + 20);
        _rows.Add("lot_division_versions", id, 2, lot.Id, code, lot.DoseVolumeMl, lot.DivisionCellsE6, s.PatientId, allocatedAt, _by, allocatedAt,
            RecordSource.Clinic, "allocation");
        var thawedAt = At(on, 8 * 60);
        Custody(lot.SiteId!, CellLabCodes.ItemDivision, id, lot.Id, s.PatientId, lot.ExpiresAt!.Value, "THAWED", Cryostore, Technologist, "Cell processing lab", thawedAt,
            Math.Round(r.Uniform(36.5, 37.2), 1), null, null, $"Thawed for injection {n}");
        Custody(lot.SiteId!, CellLabCodes.ItemDivision, id, lot.Id, s.PatientId, lot.ExpiresAt!.Value, "ISSUED", Technologist, Operator, "Cell processing lab",
            thawedAt.AddMinutes(20), Math.Round(r.Uniform(4, 8), 1), Technologist, Nurse, $"Issued to the treating team for patient {s.Pseudonym}");
        return (id, code, ProductCode.From(lot.ProductDescriptionCode!, 'A', code).Code);
    }

    /// <summary>The divisions of a cryopreserved autologous lot as made at cryopreservation; those thawed have their allocation as version 2.</summary>
    void WriteDivisions(Story s, LotOutcome lot, List<string> thawed)
    {
        for (var n = 1; n <= lot.Divisions; n++)
        {
            var code = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + n - 1)}0");
            var id = n <= thawed.Count ? thawed[n - 1] : _ids.NextId();
            Head(id, LotStore.DivisionKind, s.PatientId, n <= thawed.Count ? 2 : 1, lot.DividedAt);
            _rows.Add("lot_division_versions", id, 1, lot.Id, code, lot.DoseVolumeMl, lot.DivisionCellsE6, null, null, _by, lot.DividedAt, RecordSource.Clinic, null);
        }
    }

    /// <summary>
    /// The 4.2 schedule from Day 0 (the schedule definition generates the visits), visits done or missed up to the
    /// as-of date, responses at PROM visits, the endpoint (replacement of the treated joint, spine surgery), deaths and
    /// losses to follow-up, and adverse events.
    /// </summary>
    void WriteFollowUp(Story s, ValidPlan plan, string planId, DateOnly day0, List<(string Id, DateTimeOffset At)> administrations,
        LotOutcome lot, DemoOutcomeModel outcome, string pathway, DemoRandom r)
    {
        outcome.Treated(plan, r);
        var scheduleId = _ids.NextId();
        var startAt = administrations[0].At.AddMinutes(1);
        var planned = _rules.Schedule.Generate(day0);
        var horizon = _rules.Schedule.HorizonYears.Value;

        // Competing events in years from Day 0: endpoint, death, loss to follow-up.
        var endpointYears = outcome.YearsToEndpoint(r);
        var deathYears = r.Exponential(0.004 * Math.Exp(0.085 * (s.Age - 60)));
        var lostYears = r.Exponential(0.02);
        DateOnly? Date(double years) => years > horizon + 1 ? null : day0.AddDays((int)Math.Round(years * 365.25));
        var endpointOn = Date(endpointYears);
        var deathOn = Date(deathYears);
        var lostOn = Date(lostYears);
        if (endpointOn is { } ep && (ep > _asOf || (deathOn is { } d1 && d1 < ep) || (lostOn is { } l1 && l1 < ep))) endpointOn = null;
        string? endKind = null; DateOnly? endedOn = null; string? endReason = null;
        if (deathOn is { } death && death <= _asOf && (lostOn is null || death <= lostOn))
            (endKind, endedOn, endReason) = (FollowUpCodes.Withdrawn, death, "Died of an unrelated cause (synthetic demo record).");
        else if (lostOn is { } lost && lost <= _asOf)
            (endKind, endedOn, endReason) = (FollowUpCodes.LostToFollowUp, lost, "No contact after three attempts (synthetic demo record).");

        var versions = new List<(string Status, DateOnly? EndedOn, string? EndReason, string? EndpointType, DateOnly? EndpointOn, DateTimeOffset At, string? Reason)>
        {
            (FollowUpCodes.Active, null, null, null, null, startAt, null),
        };
        string? endpointType = null;
        if (endpointOn is { } epOn)
        {
            endpointType = FollowUpCodes.EndpointsFor(s.Target)[0];
            versions.Add((FollowUpCodes.Active, null, null, endpointType, epOn, At(epOn.AddDays(r.Int(1, 20)) is var seen && seen > _asOf ? _asOf : seen, 12 * 60), null));
        }
        if (endKind is not null)
        {
            var last = versions[^1];
            versions.Add((endKind, endedOn, endReason, last.EndpointType, last.EndpointOn, At(endedOn!.Value, 13 * 60), endReason));
        }
        // Versions are recorded in date order.
        versions.Sort((a, b) => a.At.CompareTo(b.At));
        Head(scheduleId, FollowUpStore.ScheduleKind, s.PatientId, versions.Count, startAt);
        _rows.Add("follow_up_schedules", scheduleId, s.PatientId, s.Target, planId, startAt);
        for (var v = 0; v < versions.Count; v++)
        {
            var x = versions[v];
            _rows.Add("follow_up_schedule_versions", scheduleId, v + 1, s.PatientId, planId, s.Target, day0, Physician, _rules.Schedule.Version,
                x.Status, x.EndedOn, x.EndReason, x.EndpointType, x.EndpointOn, null, x.EndpointType is null ? null : "Synthetic demo endpoint",
                _by, x.At, RecordSource.Clinic, x.Reason);
        }

        // Visits: planned at Day 0 (version 1); those done get version 2 with the date and findings.
        var stopOn = endedOn ?? _asOf;
        var responseRows = new List<string>();
        foreach (var v in planned)
        {
            var vid = _ids.NextId();
            DateOnly? actual = null;
            string? findings = null;
            var years = (v.Target.DayNumber - day0.DayNumber) / 365.25;
            if (v.Window.End <= stopOn && v.Window.Start <= _asOf)
            {
                var missP = v.InWindowOnly ? 0.05 : 0.07 + 0.012 * years;
                if (!r.Chance(missP))
                {
                    var half = Math.Max(1, (v.Window.End.DayNumber - v.Window.Start.DayNumber) / 2);
                    var offset = (int)Math.Round(r.Normal(0, half / 2.5));
                    if (!v.InWindowOnly && r.Chance(0.04)) offset = (r.Chance(0.5) ? 1 : -1) * (half + r.Int(1, Math.Max(1, half / 3)));
                    var on = DateOnly.FromDayNumber(Math.Clamp(v.Target.DayNumber + offset,
                        v.InWindowOnly || v.Target <= day0 ? v.Window.Start.DayNumber : day0.DayNumber + 1, Math.Min(_asOf.DayNumber, stopOn.DayNumber)));
                    if (v.InWindowOnly) on = DateOnly.FromDayNumber(Math.Clamp(on.DayNumber, v.Window.Start.DayNumber, v.Window.End.DayNumber));
                    if (on <= _asOf)
                    {
                        actual = on;
                        var links = new List<InstrumentLink>();
                        if (v.Content.Contains(VisitContent.Proms))
                        {
                            var months = (on.DayNumber - day0.DayNumber) / 30.4375;
                            var joint = endpointOn is null || on < endpointOn;
                            links = WriteResponses(s, v.Code, on, outcome.Health(months, r), r, jointProms: joint);
                        }
                        var contact = v.Content.Contains(VisitContent.SafetyCall) ? "PHONE" : r.Chance(0.9) ? "VISIT" : "VIDEO";
                        findings = JsonSerializer.Serialize(new VisitFindings(contact, links, null, [], [], [], null), Json);
                    }
                }
            }
            var content = string.Join(",", v.Content);
            Head(vid, FollowUpStore.VisitKind, s.PatientId, actual is null ? 1 : 2, startAt);
            _rows.Add("follow_up_visit_versions", vid, 1, scheduleId, s.PatientId, v.Code, v.Seq, v.Target, v.Window.Start, v.Window.End, v.InWindowOnly,
                content, v.Target, null, null, _by, startAt, RecordSource.Clinic, null);
            if (actual is { } done)
                _rows.Add("follow_up_visit_versions", vid, 2, scheduleId, s.PatientId, v.Code, v.Seq, v.Target, v.Window.Start, v.Window.End, v.InWindowOnly,
                    content, v.Target, done, findings, _by, At(done, 16 * 60), RecordSource.Clinic, null);
        }

        WriteAdverseEvents(s, plan, day0, administrations, lot, pathway, stopOn, r);
    }

    /// <summary>
    /// Adverse events at the rates of the Centeno 2016 registry and the Shang 2023 umbrella review (DOMAIN.md 5):
    /// post-procedure pain about 4%, effusion/swelling, harvest-site pain, headache after intrathecal injection, serious
    /// events in about 1.5% of patients (unrelated or unlikely), and serious adverse reactions in 0.72% of treated patients
    /// (possibly related 0.55%, definitely 0.17%): septic arthritis or discitis, a severe flare, aseptic meningitis after
    /// intrathecal injection, anaphylaxis. Each is derived with the safety rules (A1–A5); a SUSAR gets the expedited
    /// reports of <see cref="ReportingClock"/> for its pathway, see <see cref="WriteReports"/>.
    /// </summary>
    void WriteAdverseEvents(Story s, ValidPlan plan, DateOnly day0, List<(string Id, DateTimeOffset At)> administrations, LotOutcome lot,
        string pathway, DateOnly stopOn, DemoRandom r)
    {
        var events = new List<(string Term, string? Ctcae, int Grade, int OnsetDay, int Days, string Product, string Procedure, string[] Criteria, string Action, bool Reaction)>();
        if (r.Chance(0.039)) events.Add(("Post-injection pain", "Injection site reaction", r.Chance(0.85) ? 1 : 2, r.Int(0, 2), r.Int(2, 10), "POSSIBLE", "PROBABLE", [], "TREATED", false));
        if (s.Indication is AssessmentCodes.KneeOa or AssessmentCodes.HipOa && r.Chance(0.05))
            events.Add((s.Indication == AssessmentCodes.KneeOa ? "Knee effusion" : "Hip effusion", "Joint effusion", 1, r.Int(1, 3), r.Int(5, 14), "POSSIBLE", "POSSIBLE", [], "NONE", false));
        if (plan.CellSource is TreatmentCodes.Bmac or TreatmentCodes.BmMsc && r.Chance(0.03))
            events.Add(("Harvest site pain", null, 1, 0, r.Int(2, 7), "UNRELATED", "DEFINITE", [], "NONE", false));
        if (plan.Route == "INTRATHECAL" && r.Chance(0.2))
            events.Add(("Headache", "Headache", r.Chance(0.8) ? 1 : 2, r.Int(0, 2), r.Int(1, 5), "POSSIBLE", "PROBABLE", [], "TREATED", false));
        if (r.Chance(0.015))
            events.Add((r.Pick(("Pneumonia", 0.4), ("Atrial fibrillation", 0.3), ("Fall with wrist fracture", 0.3)), null, 3, r.Int(20, 700), r.Int(5, 30),
                r.Chance(0.3) ? "UNLIKELY" : "UNRELATED", "UNRELATED", [AdverseEventCodes.Criteria.Hospitalization], "HOSPITALIZED", false));
        if (r.Chance(0.0072))
        {
            // Centeno 2016: possibly related SAE 0.55%, definitely related 0.17% of patients.
            var relation = r.Chance(0.17 / 0.72) ? "DEFINITE" : r.Pick(("POSSIBLE", 0.6), ("PROBABLE", 0.4));
            string[] hospital = [AdverseEventCodes.Criteria.Hospitalization];
            string[] lifeThreatening = [AdverseEventCodes.Criteria.LifeThreatening, AdverseEventCodes.Criteria.Hospitalization];
            var kind = r.Pick(("INFECTION", 0.4), ("SITE", 0.35), ("ANAPHYLAXIS", plan.Origin == TreatmentCodes.Allogeneic ? 0.5 : 0.25));
            events.Add(kind switch
            {
                "ANAPHYLAXIS" => ("Anaphylactic reaction", "Anaphylaxis", 4, 0, r.Int(1, 3), relation, "UNLIKELY", lifeThreatening, "HOSPITALIZED", true),
                "INFECTION" when plan.Route == "INTRADISCAL" => ("Discitis", "Infections and infestations - Other", 3, r.Int(5, 20), r.Int(30, 60), "POSSIBLE", relation, hospital, "HOSPITALIZED", true),
                "INFECTION" when plan.Route == "INTRATHECAL" => ("Aseptic meningitis", "Meningitis", 3, r.Int(1, 4), r.Int(5, 14), relation, "POSSIBLE", hospital, "HOSPITALIZED", true),
                "INFECTION" => ("Septic arthritis", "Joint infection", 3, r.Int(2, 10), r.Int(14, 40), "POSSIBLE", relation, hospital, "HOSPITALIZED", true),
                _ when plan.Route == "INTRATHECAL" => ("Severe headache", "Headache", 3, r.Int(0, 2), r.Int(3, 10), relation, "PROBABLE", hospital, "HOSPITALIZED", true),
                _ when plan.Route == "INTRADISCAL" => ("Severe low back pain flare", "Back pain", 3, r.Int(0, 3), r.Int(5, 20), relation, "PROBABLE", hospital, "HOSPITALIZED", true),
                _ => ("Severe post-injection flare", "Arthralgia", 3, r.Int(0, 2), r.Int(4, 12), relation, "PROBABLE", hospital, "HOSPITALIZED", true),
            });
        }

        foreach (var e in events)
        {
            var onset = day0.AddDays(e.OnsetDay);
            if (onset > stopOn || onset > _asOf) continue;
            var resolvedOn = onset.AddDays(e.Days);
            DateOnly? resolved = resolvedOn <= _asOf ? resolvedOn : null;
            var adm = administrations[0];
            var data = new AdverseEventData(e.Term, null, e.Ctcae, "5.0", e.Grade, onset, resolved, resolved is null ? "RECOVERING" : "RECOVERED",
                e.Criteria, true, e.Product, e.Procedure, e.Action, onset.AddDays(e.OnsetDay == 0 ? 0 : 1) is var aware && aware > _asOf ? _asOf : aware,
                Physician, adm.Id, lot.Id, plan.CellSource, plan.Route, pathway);
            var derived = _rules.Safety.Derive(data);
            // The common, expected events stay expected; only the serious reactions above are meant to become SUSARs.
            if (derived.Susar && !e.Reaction) data = data with { RelatedToProduct = "UNLIKELY", RelatedToProcedure = "UNLIKELY" };
            derived = _rules.Safety.Derive(data);
            var id = _ids.NextId();
            var at = At(data.AwareDate, 17 * 60);
            Head(id, AdverseEventStore.Kind, s.PatientId, 1, at);
            _rows.Add("adverse_event_versions", id, 1, s.PatientId, data.Term, data.MeddraPt, data.CtcaeTerm, data.CtcaeVersion, data.Grade, data.Onset, data.Resolved,
                data.Outcome, string.Join(",", data.SeriousnessCriteria), data.SeriousnessAssessed, data.RelatedToProduct, data.RelatedToProcedure, data.Action,
                data.AwareDate, data.Reporter, data.AdministrationId, data.LotId, data.CellSource, data.Route, data.Pathway, derived.Serious, derived.Expected,
                derived.Expectedness.Basis, derived.Expectedness.ReferenceCode, derived.Susar, derived.FatalOrLifeThreatening, _rules.Safety.Rules.Version,
                _by, at, RecordSource.Clinic, null);
            WriteReports(s, id, data, derived, at, r);
        }
    }
}

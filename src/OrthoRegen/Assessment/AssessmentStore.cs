using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Assessment;

/// <summary>A stored assessment with what was recorded alongside it.</summary>
public sealed record AssessmentRecord(
    string Id, string PatientId, int Version, AssessmentData Data, IReadOnlyList<ImagingRead> Imaging,
    string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>A stored imaging read.</summary>
public sealed record ImagingRead(string Id, string? AssessmentId, ImagingReadData Data);

/// <summary>A stored conservative treatment.</summary>
public sealed record ConservativeTreatment(string Id, ConservativeTreatmentData Data, DateTimeOffset RecordedAt);

/// <summary>
/// The only code touching <c>assessment_versions</c>, <c>imaging_read_versions</c>,
/// <c>conservative_treatment_versions</c> and <c>biomarker_versions</c>.
/// </summary>
public sealed class AssessmentStore(Database database, AuditTrail audit, PatientStore patients, TimeProvider clock)
{
    public const string Kind = "assessment", ReadKind = "imaging_read", TreatmentKind = "conservative_treatment", BiomarkerKind = "biomarker";

    internal const string InsertAssessment = """
        INSERT INTO assessment_versions (id, version, patient_id, indication, target, assessed_on, symptom_duration_months, pain_nrs,
            active_infection, immune_disease_active, immunodeficiency, malignancy_active_or_recent, pregnant_or_lactating,
            anticoagulant_or_coagulopathy, hba1c_pct, can_attend_followup_24m, poor_rehab_adherence, planned_origin,
            donor_eligibility, notes, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @Indication, @Target, @AssessedOn, @SymptomDurationMonths, @PainNrs,
            @ActiveInfection, @ImmuneDiseaseActive, @Immunodeficiency, @MalignancyActiveOrRecent, @PregnantOrLactating,
            @AnticoagulantOrCoagulopathy, @Hba1cPct, @CanAttendFollowUp24m, @PoorRehabAdherence, @PlannedOrigin,
            @DonorEligibility, @Notes, @RecordedBy, @RecordedAt, @Source, NULL)
        """;
    const string InsertRead = """
        INSERT INTO imaging_read_versions (id, version, patient_id, assessment_id, target, level, modality, read_on, reader,
            field_strength_t, kl_grade, bone_on_bone, deformity, scoring_system, semiquantitative, cartilage_mftc_mm,
            cartilage_lftc_mm, cartilage_pfj_mm, t2_map_ms, avn_stage, pfirrmann, modic_upper, modic_lower, disc_height_mm,
            disc_t2_si_ratio, ais_grade, neurological_level, uems, lems, light_touch, pin_prick, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @AssessmentId, @Target, @Level, @Modality, @ReadOn, @Reader,
            @FieldStrengthT, @KlGrade, @BoneOnBone, @Deformity, @ScoringSystem, @Semiquantitative, @CartilageMftcMm,
            @CartilageLftcMm, @CartilagePfjMm, @T2MapMs, @AvnStage, @Pfirrmann, @ModicUpper, @ModicLower, @DiscHeightMm,
            @DiscT2SiRatio, @AisGrade, @NeurologicalLevel, @Uems, @Lems, @LightTouch, @PinPrick, @RecordedBy, @RecordedAt, @Source, NULL)
        """;
    const string InsertTreatment = """
        INSERT INTO conservative_treatment_versions (id, version, patient_id, target, type, started_on, ended_on, response,
            last_ia_injection_on, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @Target, @Type, @StartedOn, @EndedOn, @Response, @LastIaInjectionOn, @RecordedBy, @RecordedAt, @Source, NULL)
        """;
    const string InsertBiomarker = """
        INSERT INTO biomarker_versions (id, version, patient_id, analyte, specimen, value, unit, assay, lloq, sampled_on,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @Analyte, @Specimen, @Value, 'pg/mL', @Assay, @Lloq, @SampledOn, @RecordedBy, @RecordedAt, @Source, NULL)
        """;
    const string SelectAssessments = """
        SELECT a.id AS Id, a.patient_id AS PatientId, a.version AS Version, a.indication AS Indication, a.target AS Target,
               a.assessed_on AS AssessedOn, a.symptom_duration_months AS SymptomDurationMonths, a.pain_nrs AS PainNrs,
               a.active_infection AS ActiveInfection, a.immune_disease_active AS ImmuneDiseaseActive,
               a.immunodeficiency AS Immunodeficiency, a.malignancy_active_or_recent AS MalignancyActiveOrRecent,
               a.pregnant_or_lactating AS PregnantOrLactating, a.anticoagulant_or_coagulopathy AS AnticoagulantOrCoagulopathy,
               a.hba1c_pct AS Hba1cPct, a.can_attend_followup_24m AS CanAttendFollowUp24m,
               a.poor_rehab_adherence AS PoorRehabAdherence, a.planned_origin AS PlannedOrigin,
               a.donor_eligibility AS DonorEligibility, a.notes AS Notes, a.recorded_by AS RecordedBy, a.recorded_at AS RecordedAt
        FROM assessment_versions a JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE a.patient_id = @patientId AND NOT a.entered_in_error
        """;
    const string SelectReads = """
        SELECT r.id AS Id, r.assessment_id AS AssessmentId, r.target AS Target, r.level AS Level, r.modality AS Modality,
               r.read_on AS ReadOn, r.reader AS Reader, r.field_strength_t AS FieldStrengthT, r.kl_grade AS KlGrade,
               r.bone_on_bone AS BoneOnBone, r.deformity AS Deformity, r.scoring_system AS ScoringSystem,
               r.semiquantitative AS Semiquantitative, r.cartilage_mftc_mm AS CartilageMftcMm, r.cartilage_lftc_mm AS CartilageLftcMm,
               r.cartilage_pfj_mm AS CartilagePfjMm, r.t2_map_ms AS T2MapMs, r.avn_stage AS AvnStage, r.pfirrmann AS Pfirrmann,
               r.modic_upper AS ModicUpper, r.modic_lower AS ModicLower, r.disc_height_mm AS DiscHeightMm,
               r.disc_t2_si_ratio AS DiscT2SiRatio, r.ais_grade AS AisGrade, r.neurological_level AS NeurologicalLevel,
               r.uems AS Uems, r.lems AS Lems, r.light_touch AS LightTouch, r.pin_prick AS PinPrick
        FROM imaging_read_versions r JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        WHERE r.patient_id = @patientId AND NOT r.entered_in_error
        ORDER BY r.read_on, r.recorded_at
        """;
    const string SelectTreatments = """
        SELECT t.id AS Id, t.target AS Target, t.type AS Type, t.started_on AS StartedOn, t.ended_on AS EndedOn,
               t.response AS Response, t.last_ia_injection_on AS LastIaInjectionOn, t.recorded_at AS RecordedAt
        FROM conservative_treatment_versions t JOIN record_heads h ON h.id = t.id AND h.current_version = t.version
        WHERE t.patient_id = @patientId AND NOT t.entered_in_error
        ORDER BY t.recorded_at
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Records the assessment, its imaging reads, treatments and biomarkers in one transaction.</summary>
    public async Task<Outcome<AssessmentRecord>> RecordAsync(Actor actor, string patientId, RecordAssessment request, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<AssessmentRecord>();
        var (valid, errors) = AssessmentValidation.Validate(request, Today);
        if (valid is null) return Outcome.Invalid<AssessmentRecord>(errors.ToDictionary());

        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            var a = valid.Assessment;
            await VersionedRecords.CreateAsync(c, tx, id, Kind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertAssessment, new
            {
                Id = id, PatientId = patientId, a.Indication, a.Target, a.AssessedOn, a.SymptomDurationMonths, a.PainNrs,
                a.ActiveInfection, a.ImmuneDiseaseActive, a.Immunodeficiency, a.MalignancyActiveOrRecent, a.PregnantOrLactating,
                a.AnticoagulantOrCoagulopathy, a.Hba1cPct, a.CanAttendFollowUp24m, a.PoorRehabAdherence, a.PlannedOrigin,
                a.DonorEligibility, a.Notes, RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId, ["indication", "target", "assessed_on"]));
            foreach (var r in valid.Imaging) await InsertReadAsync(c, tx, actor, patientId, id, r, now);
            foreach (var t in valid.Treatments) await InsertTreatmentAsync(c, tx, actor, patientId, t, now);
            foreach (var b in valid.Biomarkers)
            {
                var bid = Ids.New(clock);
                await VersionedRecords.CreateAsync(c, tx, bid, BiomarkerKind, patientId, now, actor.Username);
                await c.ExecuteAsync(InsertBiomarker, new
                {
                    Id = bid, PatientId = patientId, b.Analyte, b.Specimen, b.Value, b.Assay, b.Lloq, b.SampledOn,
                    RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic,
                }, tx);
                await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, BiomarkerKind, bid, patientId, ["analyte", "value"]));
            }
            return 0;
        }, ct);
        return (await FindAsync(patientId, id, ct))!;
    }

    async Task InsertReadAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, string assessmentId, ImagingReadData r, DateTimeOffset now)
    {
        var rid = Ids.New(clock);
        await VersionedRecords.CreateAsync(c, tx, rid, ReadKind, patientId, now, actor.Username);
        await c.ExecuteAsync(InsertRead, new
        {
            Id = rid, PatientId = patientId, AssessmentId = assessmentId, r.Target, r.Level, r.Modality, r.ReadOn, r.Reader,
            r.FieldStrengthT, r.KlGrade, r.BoneOnBone, r.Deformity, r.ScoringSystem, r.Semiquantitative, r.CartilageMftcMm,
            r.CartilageLftcMm, r.CartilagePfjMm, r.T2MapMs, r.AvnStage, r.Pfirrmann, r.ModicUpper, r.ModicLower, r.DiscHeightMm,
            r.DiscT2SiRatio, r.AisGrade, r.NeurologicalLevel, r.Uems, r.Lems, r.LightTouch, r.PinPrick,
            RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic,
        }, tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, ReadKind, rid, patientId, ["modality", "read_on"]));
    }

    async Task InsertTreatmentAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, ConservativeTreatmentData t, DateTimeOffset now)
    {
        var tid = Ids.New(clock);
        await VersionedRecords.CreateAsync(c, tx, tid, TreatmentKind, patientId, now, actor.Username);
        await c.ExecuteAsync(InsertTreatment, new
        {
            Id = tid, PatientId = patientId, t.Target, t.Type, t.StartedOn, t.EndedOn, t.Response, t.LastIaInjectionOn,
            RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic,
        }, tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, TreatmentKind, tid, patientId, ["type", "response"]));
    }

    /// <summary>The patient's assessments for <paramref name="actor"/>; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<AssessmentRecord>?> ReadAllAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = await ListAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return list;
    }

    /// <summary>The patient's conservative treatments for <paramref name="actor"/>; null when not visible. Audited.</summary>
    public async Task<IReadOnlyList<ConservativeTreatment>?> ReadTreatmentsAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = await TreatmentsAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, TreatmentKind, null, patientId), ct);
        return list;
    }

    /// <summary>All current assessments of a patient, newest first, each with its imaging reads. Not audited: callers audit.</summary>
    public async Task<IReadOnlyList<AssessmentRecord>> ListAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = (await c.QueryAsync<AssessmentRow>(new CommandDefinition(
            SelectAssessments + " ORDER BY a.assessed_on DESC, a.recorded_at DESC", new { patientId }, cancellationToken: ct))).ToList();
        var reads = await ReadsAsync(c, patientId, ct);
        return rows.Select(r => r.ToRecord(reads.Where(x => x.AssessmentId == r.Id).ToList())).ToList();
    }

    /// <summary>The target of each of the patient's assessments, as <paramref name="tx"/> sees them.</summary>
    internal static async Task<IReadOnlyDictionary<string, string>> TargetsAsync(DbConnection c, DbTransaction? tx, string patientId, CancellationToken ct) =>
        (await c.QueryAsync<AssessmentRow>(new CommandDefinition(SelectAssessments, new { patientId }, tx, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Target);

    public async Task<AssessmentRecord?> FindAsync(string patientId, string assessmentId, CancellationToken ct) =>
        (await ListAsync(patientId, ct)).FirstOrDefault(a => a.Id == assessmentId);

    public async Task<IReadOnlyList<ImagingRead>> ImagingAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await ReadsAsync(c, patientId, ct);
    }

    public async Task<IReadOnlyList<ConservativeTreatment>> TreatmentsAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<TreatmentRow>(new CommandDefinition(SelectTreatments, new { patientId }, cancellationToken: ct));
        return rows.Select(t => new ConservativeTreatment(t.Id, new ConservativeTreatmentData(t.Target, t.Type, t.StartedOn, t.EndedOn, t.Response, t.LastIaInjectionOn), t.RecordedAt)).ToList();
    }

    static async Task<List<ImagingRead>> ReadsAsync(DbConnection c, string patientId, CancellationToken ct) =>
        (await c.QueryAsync<ReadRow>(new CommandDefinition(SelectReads, new { patientId }, cancellationToken: ct))).Select(r => r.ToRead()).ToList();

    sealed record AssessmentRow
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public int Version { get; init; }
        public string Indication { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly AssessedOn { get; init; }
        public int SymptomDurationMonths { get; init; }
        public int? PainNrs { get; init; }
        public bool ActiveInfection { get; init; }
        public bool ImmuneDiseaseActive { get; init; }
        public bool Immunodeficiency { get; init; }
        public bool MalignancyActiveOrRecent { get; init; }
        public bool PregnantOrLactating { get; init; }
        public bool AnticoagulantOrCoagulopathy { get; init; }
        public double? Hba1cPct { get; init; }
        public bool CanAttendFollowUp24m { get; init; }
        public bool PoorRehabAdherence { get; init; }
        public string? PlannedOrigin { get; init; }
        public string? DonorEligibility { get; init; }
        public string? Notes { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }

        public AssessmentRecord ToRecord(IReadOnlyList<ImagingRead> reads) => new(Id, PatientId, Version,
            new AssessmentData(Indication, Target, AssessedOn, SymptomDurationMonths, PainNrs, ActiveInfection, ImmuneDiseaseActive,
                Immunodeficiency, MalignancyActiveOrRecent, PregnantOrLactating, AnticoagulantOrCoagulopathy, Hba1cPct,
                CanAttendFollowUp24m, PoorRehabAdherence, PlannedOrigin, DonorEligibility, Notes),
            reads, RecordedBy, RecordedAt);
    }

    sealed record ReadRow
    {
        public string Id { get; init; } = "";
        public string? AssessmentId { get; init; }
        public string Target { get; init; } = "";
        public string? Level { get; init; }
        public string Modality { get; init; } = "";
        public DateOnly ReadOn { get; init; }
        public string Reader { get; init; } = "";
        public double? FieldStrengthT { get; init; }
        public int? KlGrade { get; init; }
        public bool? BoneOnBone { get; init; }
        public bool? Deformity { get; init; }
        public string? ScoringSystem { get; init; }
        public string? Semiquantitative { get; init; }
        public double? CartilageMftcMm { get; init; }
        public double? CartilageLftcMm { get; init; }
        public double? CartilagePfjMm { get; init; }
        public double? T2MapMs { get; init; }
        public string? AvnStage { get; init; }
        public int? Pfirrmann { get; init; }
        public string? ModicUpper { get; init; }
        public string? ModicLower { get; init; }
        public double? DiscHeightMm { get; init; }
        public double? DiscT2SiRatio { get; init; }
        public string? AisGrade { get; init; }
        public string? NeurologicalLevel { get; init; }
        public int? Uems { get; init; }
        public int? Lems { get; init; }
        public int? LightTouch { get; init; }
        public int? PinPrick { get; init; }

        public ImagingRead ToRead() => new(Id, AssessmentId, new ImagingReadData(Target, Level, Modality, ReadOn, Reader,
            FieldStrengthT, KlGrade, BoneOnBone, Deformity, ScoringSystem, Semiquantitative, CartilageMftcMm, CartilageLftcMm,
            CartilagePfjMm, T2MapMs, AvnStage, Pfirrmann, ModicUpper, ModicLower, DiscHeightMm, DiscT2SiRatio, AisGrade,
            NeurologicalLevel, Uems, Lems, LightTouch, PinPrick));
    }

    sealed record TreatmentRow
    {
        public string Id { get; init; } = "";
        public string Target { get; init; } = "";
        public string Type { get; init; } = "";
        public DateOnly? StartedOn { get; init; }
        public DateOnly? EndedOn { get; init; }
        public string Response { get; init; } = "";
        public DateOnly? LastIaInjectionOn { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
    }
}

using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Patients;

/// <summary>Consent pathways (DOMAIN.md 2 and 3.6). Stored per consent, never derived.</summary>
public static class ConsentCodes
{
    public static readonly IReadOnlyList<string> Pathways = ["ROUTINE_CARE", "KR_ARM_TREATMENT", "KR_ARM_RESEARCH", "CN_FILED_RESEARCH", "US_361", "US_IND"];
    public static readonly IReadOnlyList<string> ResearchPathways = ["KR_ARM_RESEARCH", "CN_FILED_RESEARCH", "US_IND"];
    public static readonly IReadOnlyList<string> Signers = ["PATIENT", "LEGAL_REP"];
}

/// <summary>A signed consent as recorded by staff. The mandatory acknowledgements must all be true to record it.</summary>
public sealed record RecordConsent
{
    public string? FormCode { get; init; }
    public string? FormVersion { get; init; }
    public string? Language { get; init; }
    /// <summary>ISO-8601 date-time with offset, or a date.</summary>
    public string? SignedAt { get; init; }
    public string? Signer { get; init; }
    public string? Witness { get; init; }
    public string? Pathway { get; init; }
    public bool RisksExplained { get; init; }
    public bool EvidenceLevelExplained { get; init; }
    public int? SelfPayCostKrw { get; init; }
    public bool AlternativesExplained { get; init; }
    public bool AllogeneicSourceAck { get; init; }
    public bool PersonalDataProcessing { get; init; }
    public bool RightToWithdraw { get; init; }
    public bool LongTermFollowUpAck { get; init; }
}

/// <summary>Withdrawal of a consent: a new version with the withdrawal time and the reason.</summary>
public sealed record WithdrawConsent
{
    public int? Version { get; init; }
    public string? WithdrawnAt { get; init; }
    public string? Reason { get; init; }
}

/// <summary>A consent form of the catalogue (code and version).</summary>
public sealed record ConsentForm(string Code, string Version, string Title, bool Research, DateOnly EffectiveFrom, DateOnly? RetiredOn);

/// <summary>The current version of a consent.</summary>
public sealed record ConsentRecord
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public int Version { get; init; }
    public string FormCode { get; init; } = "";
    public string FormVersion { get; init; } = "";
    public bool Research { get; init; }
    public string Language { get; init; } = "";
    public DateTimeOffset SignedAt { get; init; }
    public string Signer { get; init; } = "";
    public string? Witness { get; init; }
    public string Pathway { get; init; } = "";
    public bool RisksExplained { get; init; }
    public bool EvidenceLevelExplained { get; init; }
    public int? SelfPayCostKrw { get; init; }
    public bool AlternativesExplained { get; init; }
    public bool AllogeneicSourceAck { get; init; }
    public bool PersonalDataProcessing { get; init; }
    public bool RightToWithdraw { get; init; }
    public bool LongTermFollowUpAck { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }
    public string? Reason { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Valid = signed, not withdrawn. (The mandatory acknowledgements are enforced when recording.)</summary>
    public bool IsValid => WithdrawnAt is null;
}

/// <summary>A validated consent ready to be written by <see cref="ConsentStore.InsertAsync"/>.</summary>
public sealed record PreparedConsent(string Id, string PatientId, RecordConsent Request, DateTimeOffset SignedAt, DateTimeOffset RecordedAt);

/// <summary>A validated withdrawal ready to be written by <see cref="ConsentStore.InsertWithdrawalAsync"/>.</summary>
public sealed record PreparedWithdrawal(ConsentRecord Current, int ExpectedVersion, DateTimeOffset WithdrawnAt, string Reason, DateTimeOffset RecordedAt);

/// <summary>The only code touching <c>consent_versions</c> and <c>consent_forms</c>.</summary>
public sealed class ConsentStore(Database database, AuditTrail audit, PatientStore patients, TimeProvider clock)
{
    public const string Kind = "consent";

    const string FormsSql = """
        SELECT code AS Code, version AS Version, title AS Title, research AS Research, effective_from AS EffectiveFrom, retired_on AS RetiredOn
        FROM consent_forms ORDER BY code, version
        """;
    const string InsertSql = """
        INSERT INTO consent_versions (id, version, patient_id, form_code, form_version, language, signed_at, signer, witness, pathway,
            risks_explained, evidence_level_explained, self_pay_cost_krw, alternatives_explained, allogeneic_source_ack,
            personal_data_processing, right_to_withdraw, long_term_followup_ack, withdrawn_at, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @FormCode, @FormVersion, @Language, @SignedAt, @Signer, @Witness, @Pathway,
            @RisksExplained, @EvidenceLevelExplained, @SelfPayCostKrw, @AlternativesExplained, @AllogeneicSourceAck,
            @PersonalDataProcessing, @RightToWithdraw, @LongTermFollowUpAck, @WithdrawnAt, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string Columns = """
        SELECT c.id AS Id, c.patient_id AS PatientId, c.version AS Version, c.form_code AS FormCode, c.form_version AS FormVersion,
               f.research AS Research, c.language AS Language, c.signed_at AS SignedAt, c.signer AS Signer, c.witness AS Witness,
               c.pathway AS Pathway, c.risks_explained AS RisksExplained, c.evidence_level_explained AS EvidenceLevelExplained,
               c.self_pay_cost_krw AS SelfPayCostKrw, c.alternatives_explained AS AlternativesExplained,
               c.allogeneic_source_ack AS AllogeneicSourceAck, c.personal_data_processing AS PersonalDataProcessing,
               c.right_to_withdraw AS RightToWithdraw, c.long_term_followup_ack AS LongTermFollowUpAck,
               c.withdrawn_at AS WithdrawnAt, c.reason AS Reason, c.recorded_by AS RecordedBy, c.recorded_at AS RecordedAt
        FROM consent_versions c
        JOIN consent_forms f ON f.code = c.form_code AND f.version = c.form_version

        """;
    const string SelectSql = Columns + """
        JOIN record_heads h ON h.id = c.id AND h.current_version = c.version
        WHERE c.patient_id = @patientId AND NOT c.entered_in_error
        ORDER BY c.signed_at DESC
        """;
    const string HistorySql = Columns + """
        WHERE c.patient_id = @patientId AND c.id = @consentId
        ORDER BY c.version
        """;

    public async Task<IReadOnlyList<ConsentForm>> FormsAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<ConsentFormRow>(new CommandDefinition(FormsSql, cancellationToken: ct)))
            .Select(r => new ConsentForm(r.Code, r.Version, r.Title, r.Research, r.EffectiveFrom, r.RetiredOn)).ToList();
    }

    /// <summary>The patient's consents for <paramref name="actor"/>; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<ConsentRecord>?> ReadAllAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = await ListAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return list;
    }

    /// <summary>Every version of one consent, oldest first (signature, then withdrawal); null when not visible. Audited.</summary>
    public async Task<IReadOnlyList<ConsentRecord>?> HistoryAsync(Actor actor, string patientId, string consentId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        var versions = (await c.QueryAsync<ConsentRecord>(new CommandDefinition(HistorySql, new { patientId, consentId }, cancellationToken: ct))).ToList();
        if (versions.Count == 0) return null;
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind + "_history", consentId, patientId), ct);
        return versions;
    }

    public async Task<IReadOnlyList<ConsentRecord>> ListAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await ListAsync(c, null, patientId, ct);
    }

    /// <summary>The patient's consents as <paramref name="tx"/> sees them (an import reads what it wrote before committing).</summary>
    internal static async Task<IReadOnlyList<ConsentRecord>> ListAsync(DbConnection c, DbTransaction? tx, string patientId, CancellationToken ct) =>
        (await c.QueryAsync<ConsentRecord>(new CommandDefinition(SelectSql, new { patientId }, tx, cancellationToken: ct))).ToList();

    public async Task<Outcome<ConsentRecord>> RecordAsync(Actor actor, string patientId, RecordConsent r, CancellationToken ct)
    {
        var prepared = await PrepareAsync(actor, patientId, r, ct);
        if (prepared is not Outcome<PreparedConsent>.Done { Value: var p }) return Relay<PreparedConsent, ConsentRecord>(prepared);
        await database.InTransactionAsync((c, tx) => InsertAsync(c, tx, actor, p), ct);
        return (await ListAsync(patientId, ct)).First(x => x.Id == p.Id);
    }

    /// <summary>
    /// Validates a consent to record without writing: the patient is visible, the form exists and was in use, and the
    /// mandatory acknowledgements are all true. <see cref="InsertAsync"/> then writes it inside the caller's transaction
    /// (e-consent signs and records in one transaction).
    /// </summary>
    public async Task<Outcome<PreparedConsent>> PrepareAsync(Actor actor, string patientId, RecordConsent r, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<PreparedConsent>();
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        var forms = await FormsAsync(ct);
        var code = e.Required("formCode", r.FormCode, 40);
        var version = e.Required("formVersion", r.FormVersion, 20);
        var form = forms.FirstOrDefault(f => f.Code == code && f.Version == version);
        if (code is not null && version is not null && form is null)
            e.Add("formVersion", $"No consent form {code} version {version}. Known: {string.Join(", ", forms.Select(f => f.Code + " " + f.Version))}.");
        var lang = e.OneOf("language", r.Language, PatientCodes.Languages);
        var signed = e.Instant("signedAt", r.SignedAt, required: true, notAfter: now);
        if (form is not null && signed is { } s && (DateOnly.FromDateTime(s.UtcDateTime) < form.EffectiveFrom || form.RetiredOn is { } ret && DateOnly.FromDateTime(s.UtcDateTime) > ret))
            e.Add("signedAt", "The form version was not in use on that date.");
        var signer = e.OneOf("signer", r.Signer, ConsentCodes.Signers);
        var witness = e.Optional("witness", r.Witness, 100);
        var pathway = e.OneOf("pathway", r.Pathway, ConsentCodes.Pathways);
        if (form is { Research: true } && pathway is not null && !ConsentCodes.ResearchPathways.Contains(pathway))
            e.Add("pathway", $"A research consent needs a research pathway ({string.Join(", ", ConsentCodes.ResearchPathways)}).");
        e.Integer("selfPayCostKrw", r.SelfPayCostKrw, 0, 1_000_000_000, required: false);
        if (!r.RisksExplained) e.Add("risksExplained", "Risks must be explained before consent is recorded.");
        if (!r.EvidenceLevelExplained) e.Add("evidenceLevelExplained", "The level of evidence must be explained before consent is recorded.");
        if (!r.AlternativesExplained) e.Add("alternativesExplained", "Alternatives must be explained before consent is recorded.");
        if (!r.PersonalDataProcessing) e.Add("personalDataProcessing", "Consent to personal-data processing is required.");
        if (!r.RightToWithdraw) e.Add("rightToWithdraw", "The right to withdraw must be explained.");
        if (!e.IsEmpty) return Outcome.Invalid<PreparedConsent>(e.ToDictionary());
        return new PreparedConsent(Ids.New(clock), patientId, r with { FormCode = code, FormVersion = version, Language = lang, Signer = signer, Witness = witness, Pathway = pathway },
            signed!.Value, now);
    }

    /// <summary>Writes a prepared consent (head, version 1, audit row) inside the caller's transaction.</summary>
    public async Task<int> InsertAsync(DbConnection c, DbTransaction tx, Actor actor, PreparedConsent p)
    {
        var r = p.Request;
        await VersionedRecords.CreateAsync(c, tx, p.Id, Kind, p.PatientId, p.RecordedAt, actor.Username);
        await c.ExecuteAsync(InsertSql, new
        {
            p.Id, Version = 1, p.PatientId, r.FormCode, r.FormVersion, r.Language,
            p.SignedAt, r.Signer, r.Witness, r.Pathway, r.RisksExplained,
            r.EvidenceLevelExplained, r.SelfPayCostKrw, r.AlternativesExplained, r.AllogeneicSourceAck,
            r.PersonalDataProcessing, r.RightToWithdraw, r.LongTermFollowUpAck, WithdrawnAt = (DateTimeOffset?)null,
            RecordedBy = actor.Username, p.RecordedAt, Source = RecordSource.Clinic, Reason = (string?)null,
        }, tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, p.Id, p.PatientId, ["form_code", "form_version", "pathway", "signed_at"]));
        return 0;
    }

    public async Task<Outcome<ConsentRecord>> WithdrawAsync(Actor actor, string patientId, string consentId, WithdrawConsent r, CancellationToken ct)
    {
        var prepared = await PrepareWithdrawalAsync(actor, patientId, consentId, r, ct);
        if (prepared is not Outcome<PreparedWithdrawal>.Done { Value: var p }) return Relay<PreparedWithdrawal, ConsentRecord>(prepared);
        var stale = await database.InTransactionAsync((c, tx) => InsertWithdrawalAsync(c, tx, actor, p), ct);
        if (stale) return Outcome.Conflict<ConsentRecord>("The consent was changed by someone else. Reload it and withdraw again.");
        return (await ListAsync(patientId, ct)).First(x => x.Id == consentId);
    }

    /// <summary>Validates a withdrawal without writing; <see cref="InsertWithdrawalAsync"/> writes it in the caller's transaction.</summary>
    public async Task<Outcome<PreparedWithdrawal>> PrepareWithdrawalAsync(Actor actor, string patientId, string consentId, WithdrawConsent r, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<PreparedWithdrawal>();
        var current = (await ListAsync(patientId, ct)).FirstOrDefault(x => x.Id == consentId);
        if (current is null) return Outcome.NotFound<PreparedWithdrawal>();
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var at = string.IsNullOrWhiteSpace(r.WithdrawnAt) ? now : e.Instant("withdrawnAt", r.WithdrawnAt, required: true, notAfter: now);
        var reason = e.Required("reason", r.Reason, 500);
        if (current.WithdrawnAt is not null) e.Add("withdrawnAt", "This consent is already withdrawn.");
        if (at is { } w && w < current.SignedAt) e.Add("withdrawnAt", "Must not be before the consent was signed.");
        if (!e.IsEmpty) return Outcome.Invalid<PreparedWithdrawal>(e.ToDictionary());
        return new PreparedWithdrawal(current, r.Version!.Value, at!.Value, reason!, now);
    }

    /// <summary>Writes a prepared withdrawal as the next version; true when the caller's version was stale (nothing written).</summary>
    public async Task<bool> InsertWithdrawalAsync(DbConnection c, DbTransaction tx, Actor actor, PreparedWithdrawal p)
    {
        var current = p.Current;
        var next = await VersionedRecords.NextVersionAsync(c, tx, current.Id, Kind, p.ExpectedVersion);
        if (next is null or -1) return true;
        await c.ExecuteAsync(InsertSql, new
        {
            current.Id, Version = next.Value, current.PatientId, current.FormCode, current.FormVersion, current.Language,
            current.SignedAt, current.Signer, current.Witness, current.Pathway, current.RisksExplained,
            current.EvidenceLevelExplained, current.SelfPayCostKrw, current.AlternativesExplained, current.AllogeneicSourceAck,
            current.PersonalDataProcessing, current.RightToWithdraw, current.LongTermFollowUpAck, WithdrawnAt = p.WithdrawnAt,
            RecordedBy = actor.Username, p.RecordedAt, Source = RecordSource.Clinic, p.Reason,
        }, tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, current.Id, current.PatientId, ["withdrawn_at"]));
        return false;
    }

    static Outcome<TOut> Relay<TIn, TOut>(Outcome<TIn> o) => o switch
    {
        Outcome<TIn>.Invalid i => Outcome.Invalid<TOut>(i.Errors),
        Outcome<TIn>.Conflict c => Outcome.Conflict<TOut>(c.Detail),
        _ => Outcome.NotFound<TOut>(),
    };

    sealed record ConsentFormRow
    {
        public string Code { get; init; } = "";
        public string Version { get; init; } = "";
        public string Title { get; init; } = "";
        public bool Research { get; init; }
        public DateOnly EffectiveFrom { get; init; }
        public DateOnly? RetiredOn { get; init; }
    }
}

using System.Globalization;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Consent;

/// <summary>Staff start a tablet session for a patient to read, answer and sign one consent form.</summary>
public sealed record StartEConsent
{
    public string? FormCode { get; init; }
    public string? FormVersion { get; init; }
    /// <summary>ko, zh-CN or en: the language the tablet opens in (the patient may switch).</summary>
    public string? Language { get; init; }
    public string? Pathway { get; init; }
    public string? Signer { get; init; }
    public string? Witness { get; init; }
    /// <summary>What the patient pays, in won; required by forms with <c>requiresSelfPayCost</c>.</summary>
    public int? SelfPayCostKrw { get; init; }
    /// <summary>True when the product is donor-derived: the donor section and checkpoint are shown.</summary>
    public bool Allogeneic { get; init; }
}

/// <summary>Staff start a tablet session for a patient to read and sign the withdrawal of one consent.</summary>
public sealed record StartEWithdrawal
{
    public string? ConsentId { get; init; }
    public string? Language { get; init; }
    public string? Signer { get; init; }
    public string? Witness { get; init; }
}

public sealed record AnswerCheckpoint
{
    public string? CheckpointId { get; init; }
    public int? Choice { get; init; }
    public string? Language { get; init; }
}

/// <summary>The signature: the typed full name and the drawn signature (SVG path data from signature.js).</summary>
public sealed record SignEConsent
{
    /// <summary>The language of the document the patient read and signs (the text stored is rendered in it).</summary>
    public string? Language { get; init; }
    public string? TypedName { get; init; }
    public string? Signature { get; init; }
}

public static class EConsentPurpose
{
    public const string Sign = "SIGN";
    public const string Withdraw = "WITHDRAW";
}

/// <summary>A tablet session: what staff set up, and where the patient is.</summary>
public sealed record EConsentSession
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string Purpose { get; init; } = "";
    public string FormCode { get; init; } = "";
    public string FormVersion { get; init; } = "";
    public string Language { get; init; } = "";
    public string? Pathway { get; init; }
    public bool Allogeneic { get; init; }
    public int? SelfPayCostKrw { get; init; }
    public string Signer { get; init; } = "";
    public string? Witness { get; init; }
    public string? ConsentId { get; init; }
    public string StartedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public string State { get; init; } = "";
    public DateTimeOffset? CompletedAt { get; init; }
}

/// <summary>A session with its document in one language, the checkpoint progress and, once signed, the record id.</summary>
public sealed record EConsentView(EConsentSession Session, ConsentDocument? Document, WithdrawalStatement? Withdrawal,
    CheckpointProgress Progress, bool Expired, string? RecordId);

/// <summary>The result of one answer: right or wrong, with the explanation shown when wrong.</summary>
public sealed record CheckpointAnswered(string CheckpointId, bool Correct, int Attempt, string? Explanation, string Section, CheckpointProgress Progress);

/// <summary>One stored answer, as kept with the signed record.</summary>
public sealed record StoredAnswer(string CheckpointId, string Acknowledgement, int Attempts, bool Passed, IReadOnlyList<int> Choices);

/// <summary>A signed e-consent or e-withdrawal: exactly what was shown, how it was answered and the signature.</summary>
public sealed record EConsentRecord
{
    public string Id { get; init; } = "";
    public string SessionId { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string Kind { get; init; } = "";
    public string ConsentId { get; init; } = "";
    public string FormCode { get; init; } = "";
    public string FormVersion { get; init; } = "";
    public string Language { get; init; } = "";
    public string RenderedText { get; init; } = "";
    public string TextSha256 { get; init; } = "";
    public string AnswersJson { get; init; } = "[]";
    public string TypedName { get; init; } = "";
    public string SignaturePath { get; init; } = "";
    public string Signer { get; init; } = "";
    public string? Witness { get; init; }
    public DateTimeOffset SignedAt { get; init; }
    public string RecordedBy { get; init; } = "";

    public IReadOnlyList<StoredAnswer> Answers => JsonSerializer.Deserialize<List<StoredAnswer>>(AnswersJson, JsonSerializerOptions.Web) ?? [];
    public string SignatureSvg => DrawnSignature.ToSvg(SignaturePath);
    /// <summary>True when the stored text still hashes to the stored hash.</summary>
    public bool TextIntact => TextHash.Sha256(RenderedText) == TextSha256;
}

/// <summary>
/// The tablet e-consent: sessions started by staff, every checkpoint answer, and signing (or withdrawing) in one
/// transaction with the Consent through <see cref="ConsentStore"/>. The only code touching the econsent_* tables.
/// Every call loads the patient for the actor first; a patient at another site answers NotFound like a missing one.
/// </summary>
public sealed class EConsentStore(Database database, AuditTrail audit, PatientStore patients, ConsentStore consents,
    ConsentDocuments documents, TimeProvider clock)
{
    public const string SessionKind = "econsent_session";
    public const string RecordKind = "econsent_record";
    /// <summary>A session left on a tablet closes itself after this time.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(4);

    const string SessionColumns = """
        SELECT id AS Id, patient_id AS PatientId, purpose AS Purpose, form_code AS FormCode, form_version AS FormVersion,
               language AS Language, pathway AS Pathway, allogeneic AS Allogeneic, self_pay_cost_krw AS SelfPayCostKrw,
               signer AS Signer, witness AS Witness, consent_id AS ConsentId, started_by AS StartedBy, started_at AS StartedAt,
               expires_at AS ExpiresAt, state AS State, completed_at AS CompletedAt
        FROM econsent_sessions
        """;
    const string InsertSessionSql = """
        INSERT INTO econsent_sessions (id, patient_id, purpose, form_code, form_version, language, pathway, allogeneic,
            self_pay_cost_krw, signer, witness, consent_id, started_by, started_at, expires_at, state)
        VALUES (@Id, @PatientId, @Purpose, @FormCode, @FormVersion, @Language, @Pathway, @Allogeneic,
            @SelfPayCostKrw, @Signer, @Witness, @ConsentId, @StartedBy, @StartedAt, @ExpiresAt, 'OPEN')
        """;
    const string AnswersSql = """
        SELECT checkpoint_id AS CheckpointId, attempt AS Attempt, choice AS Choice, correct AS Correct, language AS Language, answered_at AS AnsweredAt
        FROM econsent_answers WHERE session_id = @sessionId ORDER BY checkpoint_id, attempt
        """;
    const string InsertAnswerSql = """
        INSERT INTO econsent_answers (session_id, checkpoint_id, attempt, choice, correct, language, answered_at)
        VALUES (@sessionId, @CheckpointId, (SELECT COALESCE(MAX(attempt), 0) + 1 FROM econsent_answers WHERE session_id = @sessionId AND checkpoint_id = @CheckpointId),
                @Choice, @Correct, @Language, @AnsweredAt)
        RETURNING attempt
        """;
    const string CompleteSql = "UPDATE econsent_sessions SET state = 'COMPLETED', completed_at = @at WHERE id = @id AND state = 'OPEN' AND expires_at > @at";
    const string RecordColumns = """
        SELECT id AS Id, session_id AS SessionId, patient_id AS PatientId, kind AS Kind, consent_id AS ConsentId, form_code AS FormCode,
               form_version AS FormVersion, language AS Language, rendered_text AS RenderedText, text_sha256 AS TextSha256,
               answers AS AnswersJson, typed_name AS TypedName, signature_path AS SignaturePath, signer AS Signer, witness AS Witness,
               signed_at AS SignedAt, recorded_by AS RecordedBy
        FROM econsent_records
        """;
    const string InsertRecordSql = """
        INSERT INTO econsent_records (id, session_id, patient_id, kind, consent_id, form_code, form_version, language, rendered_text,
            text_sha256, answers, typed_name, signature_path, signer, witness, signed_at, recorded_by)
        VALUES (@Id, @SessionId, @PatientId, @Kind, @ConsentId, @FormCode, @FormVersion, @Language, @RenderedText,
            @TextSha256, @AnswersJson, @TypedName, @SignaturePath, @Signer, @Witness, @SignedAt, @RecordedBy)
        """;

    public ConsentDocuments Documents => documents;

    /// <summary>Starts a signing session; audited. The form must be in the catalogue and in the consent documents.</summary>
    public async Task<Outcome<EConsentSession>> StartAsync(Actor actor, string patientId, StartEConsent r, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<EConsentSession>();
        var e = new FieldErrors();
        var code = e.Required("formCode", r.FormCode, 40);
        var catalogue = await consents.FormsAsync(ct);
        var version = string.IsNullOrWhiteSpace(r.FormVersion)
            ? documents.Forms.Where(f => f.Code == code && catalogue.Any(c => c.Code == f.Code && c.Version == f.Version && c.RetiredOn is null)).Select(f => f.Version).LastOrDefault()
            : e.Required("formVersion", r.FormVersion, 20);
        var entry = catalogue.FirstOrDefault(c => c.Code == code && c.Version == version);
        var form = code is null || version is null ? null : documents.Find(code, version);
        if (code is not null && (form is null || entry is null))
            e.Add("formCode", $"No e-consent document for {code} {version}. Available: {string.Join(", ", documents.Forms.Select(f => f.Code + " " + f.Version))}.");
        var language = e.OneOf("language", r.Language, ConsentLanguages.All);
        var pathway = e.OneOf("pathway", r.Pathway, ConsentCodes.Pathways);
        if (entry is { Research: true } && pathway is not null && !ConsentCodes.ResearchPathways.Contains(pathway))
            e.Add("pathway", $"A research consent needs a research pathway ({string.Join(", ", ConsentCodes.ResearchPathways)}).");
        var signer = e.OneOf("signer", r.Signer, ConsentCodes.Signers);
        var witness = e.Optional("witness", r.Witness, 100);
        var cost = e.Integer("selfPayCostKrw", r.SelfPayCostKrw, 0, 1_000_000_000, required: form is { RequiresSelfPayCost: true });
        if (!e.IsEmpty) return Outcome.Invalid<EConsentSession>(e.ToDictionary());
        return await InsertSessionAsync(actor, new EConsentSession
        {
            PatientId = patientId, Purpose = EConsentPurpose.Sign, FormCode = code!, FormVersion = version!, Language = language!,
            Pathway = pathway, Allogeneic = r.Allogeneic, SelfPayCostKrw = cost, Signer = signer!, Witness = witness,
        }, ct);
    }

    /// <summary>Starts a withdrawal session for one valid consent of the patient; audited.</summary>
    public async Task<Outcome<EConsentSession>> StartWithdrawalAsync(Actor actor, string patientId, StartEWithdrawal r, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<EConsentSession>();
        var e = new FieldErrors();
        var consentId = e.Required("consentId", r.ConsentId, 64);
        var consent = consentId is null ? null : (await consents.ListAsync(patientId, ct)).FirstOrDefault(c => c.Id == consentId);
        if (consentId is not null && consent is null) e.Add("consentId", "No such consent for this patient.");
        else if (consent is { WithdrawnAt: not null }) e.Add("consentId", "This consent is already withdrawn.");
        else if (consent is not null && documents.Find(consent.FormCode, consent.FormVersion) is null)
            e.Add("consentId", $"There is no e-consent document for {consent.FormCode} {consent.FormVersion}; record the withdrawal on the consent itself.");
        var language = e.OneOf("language", r.Language, ConsentLanguages.All);
        var signer = e.OneOf("signer", r.Signer, ConsentCodes.Signers);
        var witness = e.Optional("witness", r.Witness, 100);
        if (!e.IsEmpty) return Outcome.Invalid<EConsentSession>(e.ToDictionary());
        return await InsertSessionAsync(actor, new EConsentSession
        {
            PatientId = patientId, Purpose = EConsentPurpose.Withdraw, FormCode = consent!.FormCode, FormVersion = consent.FormVersion,
            Language = language!, Pathway = consent.Pathway, Signer = signer!, Witness = witness, ConsentId = consent.Id,
        }, ct);
    }

    async Task<Outcome<EConsentSession>> InsertSessionAsync(Actor actor, EConsentSession s, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        s = s with { Id = Ids.New(clock), StartedBy = actor.Username, StartedAt = now, ExpiresAt = now + SessionLifetime, State = "OPEN" };
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(InsertSessionSql, s, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, SessionKind, s.Id, s.PatientId, ["purpose", "form_code", "form_version", "consent_id"]));
            return 0;
        }, ct);
        return s;
    }

    /// <summary>The session, its document in <paramref name="language"/> (or the session's language) and progress; null when not visible.</summary>
    public async Task<EConsentView?> ViewAsync(Actor actor, string sessionId, string? language, CancellationToken ct)
    {
        var session = await SessionAsync(sessionId, ct);
        if (session is null || await patients.LoadAsync(actor, session.PatientId, ct) is null) return null;
        return await BuildViewAsync(session, language, ct);
    }

    async Task<EConsentView> BuildViewAsync(EConsentSession session, string? language, CancellationToken ct)
    {
        var lang = language is not null && ConsentLanguages.All.Contains(language) ? language : session.Language;
        var form = documents.Find(session.FormCode, session.FormVersion)
                   ?? throw new InvalidOperationException($"Consent document {session.FormCode} {session.FormVersion} was removed from the forms file while a session used it.");
        await using var c = await database.OpenAsync(ct);
        var attempts = (await c.QueryAsync<AttemptRow>(new CommandDefinition(AnswersSql, new { sessionId = session.Id }, cancellationToken: ct))).Select(a => a.ToAttempt()).ToList();
        var recordId = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT id FROM econsent_records WHERE session_id = @id", new { id = session.Id }, cancellationToken: ct));
        var expired = session.State == "OPEN" && clock.GetUtcNow() >= session.ExpiresAt;
        if (session.Purpose == EConsentPurpose.Withdraw)
        {
            var consent = (await consents.ListAsync(session.PatientId, ct)).First(x => x.Id == session.ConsentId);
            return new EConsentView(session, null, form.RenderWithdrawal(lang, consent.SignedAt), new CheckpointProgress([]), expired, recordId);
        }
        var document = form.Render(lang, session.Allogeneic, session.SelfPayCostKrw);
        return new EConsentView(session, document, null, CheckpointProgress.From(document, attempts), expired, recordId);
    }

    /// <summary>Records one answer (every attempt is kept); audited. A wrong answer returns the explanation.</summary>
    public async Task<Outcome<CheckpointAnswered>> AnswerAsync(Actor actor, string sessionId, AnswerCheckpoint r, CancellationToken ct)
    {
        var view = await ViewAsync(actor, sessionId, r.Language, ct);
        if (view is null) return Outcome.NotFound<CheckpointAnswered>();
        var e = new FieldErrors();
        if (view.Session.State != "OPEN" || view.Expired) return Outcome.Conflict<CheckpointAnswered>(ClosedMessage(view));
        var checkpoint = view.Document?.Checkpoints.FirstOrDefault(x => x.Id == r.CheckpointId);
        if (checkpoint is null) e.Add("checkpointId", "No such question in this consent.");
        var choice = e.Integer("choice", r.Choice, 0, Math.Max(0, (checkpoint?.Options.Count ?? 1) - 1), required: true);
        if (checkpoint is not null && view.Progress.Items.First(i => i.Checkpoint.Id == checkpoint.Id).Passed)
            e.Add("checkpointId", "This question is already answered correctly.");
        if (!e.IsEmpty) return Outcome.Invalid<CheckpointAnswered>(e.ToDictionary());

        var correct = CheckpointProgress.IsCorrect(checkpoint!, choice!.Value);
        var attempt = await database.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteScalarAsync<int>(InsertAnswerSql, new
            {
                sessionId, CheckpointId = checkpoint!.Id, Choice = choice.Value, Correct = correct, view.Document!.Language, AnsweredAt = clock.GetUtcNow(),
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, "econsent_answer", sessionId, view.Session.PatientId, [checkpoint.Id]));
            return n;
        }, ct);
        var after = await BuildViewAsync(view.Session, view.Document!.Language, ct);
        return new CheckpointAnswered(checkpoint!.Id, correct, attempt, correct ? null : checkpoint.Explanation, checkpoint.Section, after.Progress);
    }

    /// <summary>
    /// Signs: every checkpoint must be passed; the typed name and the drawn signature are validated; then in ONE
    /// transaction the session closes, the Consent is recorded through <see cref="ConsentStore"/> with the
    /// acknowledgements of the passed checkpoints, and the record with the exact text and its hash is stored; audited.
    /// For a withdrawal session the consent's withdrawal is recorded instead.
    /// </summary>
    public async Task<Outcome<EConsentRecord>> SignAsync(Actor actor, string sessionId, SignEConsent r, CancellationToken ct)
    {
        var e = new FieldErrors();
        var language = e.OneOf("language", r.Language, ConsentLanguages.All);
        var view = await ViewAsync(actor, sessionId, language, ct);
        if (view is null) return Outcome.NotFound<EConsentRecord>();
        if (view.Session.State != "OPEN" || view.Expired) return Outcome.Conflict<EConsentRecord>(ClosedMessage(view));
        var typedName = e.Required("typedName", r.TypedName, 100);
        var signature = DrawnSignature.Parse(r.Signature, e);
        if (view.Document is { } doc && !view.Progress.AllPassed)
            e.Add("checkpoints", $"Answer every question correctly before signing. Still open: {string.Join(", ", view.Progress.Items.Where(i => !i.Passed).Select(i => i.Checkpoint.Id))}.");
        if (!e.IsEmpty) return Outcome.Invalid<EConsentRecord>(e.ToDictionary());

        var s = view.Session;
        var now = clock.GetUtcNow();
        var recordId = Ids.New(clock);
        var answers = view.Progress.Items.Select(i => new StoredAnswer(i.Checkpoint.Id, i.Checkpoint.Acknowledgement, i.Attempts, i.Passed, [])).ToList();
        if (view.Document is not null)
        {
            await using var c0 = await database.OpenAsync(ct);
            var attempts = (await c0.QueryAsync<AttemptRow>(new CommandDefinition(AnswersSql, new { sessionId }, cancellationToken: ct))).Select(a => a.ToAttempt()).ToList();
            answers = answers.Select(a => a with { Choices = attempts.Where(x => x.CheckpointId == a.CheckpointId).OrderBy(x => x.Attempt).Select(x => x.Choice).ToList() }).ToList();
        }

        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<bool>> writeConsent;
        string consentId;
        if (view.Document is { } document)
        {
            var acks = view.Progress.PassedAcknowledgements;
            var prepared = await consents.PrepareAsync(actor, s.PatientId, new RecordConsent
            {
                FormCode = s.FormCode, FormVersion = s.FormVersion, Language = ConsentLanguages.ToRecordCode(document.Language),
                SignedAt = now.ToString("o", CultureInfo.InvariantCulture), Signer = s.Signer, Witness = s.Witness, Pathway = s.Pathway,
                RisksExplained = acks.Contains(Acknowledgements.RisksExplained),
                EvidenceLevelExplained = acks.Contains(Acknowledgements.EvidenceLevelExplained),
                SelfPayCostKrw = s.SelfPayCostKrw,
                AlternativesExplained = acks.Contains(Acknowledgements.AlternativesExplained),
                AllogeneicSourceAck = acks.Contains(Acknowledgements.AllogeneicSourceAck),
                PersonalDataProcessing = acks.Contains(Acknowledgements.PersonalDataProcessing),
                RightToWithdraw = acks.Contains(Acknowledgements.RightToWithdraw),
                LongTermFollowUpAck = acks.Contains(Acknowledgements.LongTermFollowUpAck),
            }, ct);
            if (prepared is Outcome<PreparedConsent>.Invalid inv) return Outcome.Invalid<EConsentRecord>(inv.Errors);
            if (prepared is not Outcome<PreparedConsent>.Done { Value: var p }) return Outcome.NotFound<EConsentRecord>();
            consentId = p.Id;
            writeConsent = async (c, tx) => { await consents.InsertAsync(c, tx, actor, p); return false; };
        }
        else
        {
            var current = (await consents.ListAsync(s.PatientId, ct)).First(x => x.Id == s.ConsentId);
            var prepared = await consents.PrepareWithdrawalAsync(actor, s.PatientId, current.Id, new WithdrawConsent
            {
                Version = current.Version, WithdrawnAt = null,
                Reason = $"Withdrawn by the signed statement of e-consent record {recordId}.",
            }, ct);
            if (prepared is Outcome<PreparedWithdrawal>.Invalid inv)
                return await SignedMeanwhileAsync(s.Id, ct)
                    ? Outcome.Conflict<EConsentRecord>("This session is already signed or has expired.")
                    : Outcome.Invalid<EConsentRecord>(inv.Errors);
            if (prepared is not Outcome<PreparedWithdrawal>.Done { Value: var p }) return Outcome.NotFound<EConsentRecord>();
            consentId = current.Id;
            writeConsent = (c, tx) => consents.InsertWithdrawalAsync(c, tx, actor, p);
        }

        var text = view.Document?.Text ?? view.Withdrawal!.Text;
        var record = new EConsentRecord
        {
            Id = recordId, SessionId = s.Id, PatientId = s.PatientId, Kind = view.Document is null ? "WITHDRAWAL" : "SIGNATURE",
            ConsentId = consentId, FormCode = s.FormCode, FormVersion = s.FormVersion, Language = language!, RenderedText = text,
            TextSha256 = TextHash.Sha256(text), AnswersJson = JsonSerializer.Serialize(answers, JsonSerializerOptions.Web),
            TypedName = typedName!, SignaturePath = signature!.PathData, Signer = s.Signer, Witness = s.Witness, SignedAt = now,
            RecordedBy = actor.Username,
        };
        try
        {
            var closed = await database.InTransactionAsync(async (c, tx) =>
            {
                if (await c.ExecuteAsync(CompleteSql, new { id = s.Id, at = now }, tx) != 1) return true;
                if (await writeConsent(c, tx)) throw new StaleConsentException(); // rolls the session back to OPEN
                await c.ExecuteAsync(InsertRecordSql, record, tx);
                await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, RecordKind, record.Id, s.PatientId,
                    ["kind", "consent_id", "text_sha256", "typed_name", "signature_path"]));
                return false;
            }, ct);
            if (closed) return Outcome.Conflict<EConsentRecord>("This session is already signed or has expired.");
        }
        catch (StaleConsentException)
        {
            return Outcome.Conflict<EConsentRecord>("The consent was changed by someone else while the statement was read. Start the withdrawal again.");
        }
        return record;
    }

    /// <summary>
    /// True when the session was closed after the caller loaded it: the same signature sent twice (a double tap, a retry
    /// through another node) finds the consent already withdrawn by the first one, which is a conflict, not bad input.
    /// </summary>
    async Task<bool> SignedMeanwhileAsync(string sessionId, CancellationToken ct) =>
        await SessionAsync(sessionId, ct) is { State: not "OPEN" };

    /// <summary>Researchers never receive direct identifiers: the typed name and the drawn signature are withheld.</summary>
    static EConsentRecord ForActor(Actor actor, EConsentRecord r) =>
        actor.SeesIdentifiers ? r : r with { TypedName = "", SignaturePath = "", Witness = null };

    sealed class StaleConsentException : Exception;

    sealed record AttemptRow
    {
        public string CheckpointId { get; init; } = "";
        public int Attempt { get; init; }
        public int Choice { get; init; }
        public bool Correct { get; init; }
        public string Language { get; init; } = "";
        public DateTimeOffset AnsweredAt { get; init; }
        public CheckpointAttempt ToAttempt() => new(CheckpointId, Attempt, Choice, Correct, Language, AnsweredAt);
    }

    static string ClosedMessage(EConsentView v) => v.Expired ? "This tablet session has expired; staff can start a new one." : "This session is already signed.";

    /// <summary>The patient's signed e-consent records (newest first); null when the patient is not visible. Audited read.</summary>
    public async Task<IReadOnlyList<EConsentRecord>?> ListAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        var list = (await c.QueryAsync<EConsentRecord>(new CommandDefinition(RecordColumns + " WHERE patient_id = @patientId ORDER BY signed_at DESC", new { patientId }, cancellationToken: ct))).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, RecordKind, null, patientId), ct);
        return list.Select(r => ForActor(actor, r)).ToList();
    }

    /// <summary>One record with its exact text, answers and signature; null when missing or not visible. Audited read.</summary>
    public async Task<EConsentRecord?> ReadAsync(Actor actor, string patientId, string recordId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        var record = await c.QuerySingleOrDefaultAsync<EConsentRecord>(new CommandDefinition(
            RecordColumns + " WHERE patient_id = @patientId AND id = @recordId", new { patientId, recordId }, cancellationToken: ct));
        if (record is null) return null;
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, RecordKind, recordId, patientId), ct);
        return ForActor(actor, record);
    }

    async Task<EConsentSession?> SessionAsync(string sessionId, CancellationToken ct)
    {
        if (!Ids.LooksValid(sessionId)) return null;
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<EConsentSession>(new CommandDefinition(SessionColumns + " WHERE id = @sessionId", new { sessionId }, cancellationToken: ct));
    }
}

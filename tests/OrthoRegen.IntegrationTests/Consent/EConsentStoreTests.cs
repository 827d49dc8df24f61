using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Consent;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Consent;

/// <summary>The tablet e-consent on both engines: sign, refused signing, withdrawal, audit rows, other-site 404.</summary>
public class EConsentStoreTests
{
    /// <summary>A drawn signature as signature.js sends it: two strokes inside the 600×200 box.</summary>
    public const string Signature = "M40 120 L80 60 L120 140 L160 70 L200 130 M260 100 L300 90 L360 110 L420 80";

    static StartEConsent Treatment(bool allogeneic = false) => new()
    {
        FormCode = "TREATMENT", Language = "ko", Pathway = "ROUTINE_CARE", Signer = "PATIENT", Witness = "RN Choi",
        SelfPayCostKrw = 3_500_000, Allogeneic = allogeneic,
    };

    static async Task<(TestDatabase Db, Actor Actor, PatientView Patient, EConsentStore Store)> SetUpAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Coordinator, "coord.han");
        var patient = await db.RegisterPatientAsync(actor);
        return (db, actor, patient, db.Get<EConsentStore>());
    }

    static async Task AnswerAllCorrectlyAsync(EConsentStore store, Actor actor, string sessionId)
    {
        var view = (await store.ViewAsync(actor, sessionId, null, default))!;
        foreach (var c in view.Document!.Checkpoints)
            Assert.True(Assert.IsType<Outcome<CheckpointAnswered>.Done>(
                await store.AnswerAsync(actor, sessionId, new AnswerCheckpoint { CheckpointId = c.Id, Choice = c.Correct, Language = "ko" }, default)).Value.Correct);
    }

    static async Task<long> CountAsync(TestDatabase db, string sql, object? args = null)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    [Theory, BothEngines]
    public async Task Sign_AfterAllCheckpoints_RecordsValidConsentWithAcksAndExactText(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        var view = (await store.ViewAsync(actor, session.Id, "ko", default))!;
        Assert.DoesNotContain(view.Document!.Checkpoints, c => c.Id == "allogeneic"); // autologous: no donor question
        Assert.Contains("3,500,000", view.Document.Text);

        // A wrong answer first: the explanation comes back and the question stays open; the attempt is kept.
        var risks = view.Document.Checkpoints.Single(c => c.Id == "risks");
        var wrong = Assert.IsType<Outcome<CheckpointAnswered>.Done>(await store.AnswerAsync(actor, session.Id,
            new AnswerCheckpoint { CheckpointId = "risks", Choice = (risks.Correct + 1) % risks.Options.Count, Language = "ko" }, default)).Value;
        Assert.False(wrong.Correct);
        Assert.Equal(risks.Explanation, wrong.Explanation);
        Assert.Equal("risks", wrong.Progress.Next!.Checkpoint.Id);
        await AnswerAllCorrectlyAsync(store, actor, session.Id);

        var record = Assert.IsType<Outcome<EConsentRecord>.Done>(await store.SignAsync(actor, session.Id,
            new SignEConsent { Language = "ko", TypedName = "김민지", Signature = Signature }, default)).Value;
        Assert.Equal(view.Document.Text, record.RenderedText);
        Assert.Equal(TextHash.Sha256(view.Document.Text), record.TextSha256);
        Assert.True(record.TextIntact);
        Assert.Equal(2, record.Answers.Single(a => a.CheckpointId == "risks").Attempts);

        var consent = (await db.Get<ConsentStore>().ListAsync(patient.Id, default)).Single();
        Assert.Equal(record.ConsentId, consent.Id);
        Assert.True(consent.IsValid);
        Assert.Equal(("TREATMENT", "1.0", "ko", "PATIENT", "RN Choi", 3_500_000), (consent.FormCode, consent.FormVersion, consent.Language, consent.Signer, consent.Witness, consent.SelfPayCostKrw));
        Assert.True(consent.RisksExplained && consent.EvidenceLevelExplained && consent.AlternativesExplained && consent.PersonalDataProcessing
                    && consent.RightToWithdraw && consent.LongTermFollowUpAck);
        Assert.False(consent.AllogeneicSourceAck);

        var read = (await store.ReadAsync(actor, patient.Id, record.Id, default))!;
        Assert.Equal((record.RenderedText, record.TypedName, record.SignaturePath), (read.RenderedText, read.TypedName, read.SignaturePath));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity = 'econsent_record' AND action = 'CREATE' AND entity_id = @id", new { id = record.Id }));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity = 'consent' AND action = 'CREATE' AND entity_id = @id", new { id = consent.Id }));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity = 'econsent_session' AND entity_id = @id", new { id = session.Id }));

        // Signed once: the session is closed.
        Assert.IsType<Outcome<EConsentRecord>.Conflict>(await store.SignAsync(actor, session.Id,
            new SignEConsent { Language = "ko", TypedName = "김민지", Signature = Signature }, default));
    }

    [Theory, BothEngines]
    public async Task Sign_Allogeneic_AsksTheDonorQuestionAndSetsTheAck(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(allogeneic: true), default)).Value;
        Assert.Contains((await store.ViewAsync(actor, session.Id, "zh-CN", default))!.Document!.Checkpoints, c => c.Id == "allogeneic");
        await AnswerAllCorrectlyAsync(store, actor, session.Id);
        var record = Assert.IsType<Outcome<EConsentRecord>.Done>(await store.SignAsync(actor, session.Id,
            new SignEConsent { Language = "zh-CN", TypedName = "金敏智", Signature = Signature }, default)).Value;
        var consent = (await db.Get<ConsentStore>().ListAsync(patient.Id, default)).Single();
        Assert.True(consent.AllogeneicSourceAck);
        Assert.Equal("zh", consent.Language);
        Assert.Contains("来自供者的细胞", record.RenderedText);
    }

    [Theory, BothEngines]
    public async Task Sign_WithACheckpointNotPassed_IsRefusedAndWritesNothing(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        var view = (await store.ViewAsync(actor, session.Id, null, default))!;
        foreach (var c in view.Document!.Checkpoints.Where(c => c.Id != "withdraw"))
            await store.AnswerAsync(actor, session.Id, new AnswerCheckpoint { CheckpointId = c.Id, Choice = c.Correct }, default);
        var withdraw = view.Document.Checkpoints.Single(c => c.Id == "withdraw");
        await store.AnswerAsync(actor, session.Id, new AnswerCheckpoint { CheckpointId = "withdraw", Choice = (withdraw.Correct + 1) % withdraw.Options.Count }, default);
        var audits = await CountAsync(db, "SELECT count(*) FROM audit_log");

        var outcome = await store.SignAsync(actor, session.Id, new SignEConsent { Language = "ko", TypedName = "김민지", Signature = Signature }, default);
        var errors = Assert.IsType<Outcome<EConsentRecord>.Invalid>(outcome).Errors;
        Assert.Contains("withdraw", errors["checkpoints"].Single());
        Assert.Empty(await db.Get<ConsentStore>().ListAsync(patient.Id, default));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM econsent_records"));
        Assert.Equal(audits, await CountAsync(db, "SELECT count(*) FROM audit_log"));
    }

    [Theory, BothEngines]
    public async Task Sign_WithoutDrawnSignatureOrName_NamesTheFields(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        await AnswerAllCorrectlyAsync(store, actor, session.Id);
        var errors = Assert.IsType<Outcome<EConsentRecord>.Invalid>(await store.SignAsync(actor, session.Id,
            new SignEConsent { Language = "ko", TypedName = " ", Signature = "M1 1 L2 2" }, default)).Errors;
        Assert.Equal(["signature", "typedName"], errors.Keys.Order());
    }

    [Theory, BothEngines]
    public async Task Start_Invalid_NamesFieldsAndWritesNothing(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var errors = Assert.IsType<Outcome<EConsentSession>.Invalid>(await store.StartAsync(actor, patient.Id,
            Treatment() with { Language = "fr", SelfPayCostKrw = null, Pathway = "NONE" }, default)).Errors;
        Assert.Equal(["language", "pathway", "selfPayCostKrw"], errors.Keys.Order());
        var research = Assert.IsType<Outcome<EConsentSession>.Invalid>(await store.StartAsync(actor, patient.Id,
            Treatment() with { FormCode = "RESEARCH" }, default)).Errors;
        Assert.Contains("pathway", research.Keys);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM econsent_sessions"));
    }

    [Theory, BothEngines]
    public async Task Withdraw_SignedStatement_RecordsTheConsentsWithdrawalWithText(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        await AnswerAllCorrectlyAsync(store, actor, session.Id);
        var signed = Assert.IsType<Outcome<EConsentRecord>.Done>(await store.SignAsync(actor, session.Id,
            new SignEConsent { Language = "ko", TypedName = "김민지", Signature = Signature }, default)).Value;
        db.Clock.Advance(TimeSpan.FromDays(30));

        var w = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartWithdrawalAsync(actor, patient.Id,
            new StartEWithdrawal { ConsentId = signed.ConsentId, Language = "en", Signer = "PATIENT" }, default)).Value;
        var view = (await store.ViewAsync(actor, w.Id, "en", default))!;
        Assert.NotNull(view.Withdrawal);
        var record = Assert.IsType<Outcome<EConsentRecord>.Done>(await store.SignAsync(actor, w.Id,
            new SignEConsent { Language = "en", TypedName = "Kim Minji", Signature = Signature }, default)).Value;
        Assert.Equal("WITHDRAWAL", record.Kind);
        Assert.Equal(view.Withdrawal!.Text, record.RenderedText);
        Assert.Contains("I withdraw my consent", record.RenderedText);

        var consent = (await db.Get<ConsentStore>().ListAsync(patient.Id, default)).Single();
        Assert.False(consent.IsValid);
        Assert.Equal(db.Clock.GetUtcNow(), consent.WithdrawnAt);
        Assert.Contains(record.Id, consent.Reason);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity = 'consent' AND action = 'UPDATE' AND entity_id = @id", new { id = consent.Id }));

        // Already withdrawn: a second withdrawal session is refused.
        Assert.IsType<Outcome<EConsentSession>.Invalid>(await store.StartWithdrawalAsync(actor, patient.Id,
            new StartEWithdrawal { ConsentId = signed.ConsentId, Language = "en", Signer = "PATIENT" }, default));
    }

    [Theory, BothEngines]
    public async Task OtherSite_SeesNothing_LikeMissing(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        var other = new Actor("u-x", "dr.elsewhere", [Roles.Physician], false, ["another-site"], "127.0.0.1");
        Assert.IsType<Outcome<EConsentSession>.NotFound>(await store.StartAsync(other, patient.Id, Treatment(), default));
        Assert.Null(await store.ViewAsync(other, session.Id, null, default));
        Assert.IsType<Outcome<CheckpointAnswered>.NotFound>(await store.AnswerAsync(other, session.Id, new AnswerCheckpoint { CheckpointId = "risks", Choice = 1 }, default));
        Assert.IsType<Outcome<EConsentRecord>.NotFound>(await store.SignAsync(other, session.Id, new SignEConsent { Language = "ko", TypedName = "x", Signature = Signature }, default));
        Assert.Null(await store.ListAsync(other, patient.Id, default));
    }

    [Theory, BothEngines]
    public async Task Session_AfterLifetime_IsExpiredAndRefusesAnswers(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        db.Clock.Advance(EConsentStore.SessionLifetime);
        Assert.True((await store.ViewAsync(actor, session.Id, null, default))!.Expired);
        Assert.IsType<Outcome<CheckpointAnswered>.Conflict>(await store.AnswerAsync(actor, session.Id, new AnswerCheckpoint { CheckpointId = "risks", Choice = 1 }, default));
    }

    [Theory, BothEngines]
    public async Task Read_AsResearcher_WithholdsNameAndSignature(DatabaseProvider engine)
    {
        var (db, actor, patient, store) = await SetUpAsync(engine);
        await using var _ = db;
        var session = Assert.IsType<Outcome<EConsentSession>.Done>(await store.StartAsync(actor, patient.Id, Treatment(), default)).Value;
        await AnswerAllCorrectlyAsync(store, actor, session.Id);
        var record = Assert.IsType<Outcome<EConsentRecord>.Done>(await store.SignAsync(actor, session.Id,
            new SignEConsent { Language = "ko", TypedName = "김민지", Signature = Signature }, default)).Value;
        var researcher = await db.StaffAtMainSiteAsync(Roles.Researcher, "res.park");
        var read = (await store.ReadAsync(researcher, patient.Id, record.Id, default))!;
        Assert.Equal(("", "", record.TextSha256), (read.TypedName, read.SignaturePath, read.TextSha256));
    }
}

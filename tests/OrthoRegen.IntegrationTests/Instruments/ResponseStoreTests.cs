using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Instruments;

public class ResponseStoreTests
{
    static Actor Clinician(string siteId) => new("u1", "dr.lee", [Roles.Physician], false, [siteId], "127.0.0.1");

    /// <summary>Every KOOS item answered 1 (subscales 75), with the listed items changed.</summary>
    static Dictionary<string, JsonElement> KoosItems(params (string Code, object? Value)[] changes)
    {
        var items = InstrumentCatalog.Default.Find("KOOS")!.Definition.Items.ToDictionary(i => i.Code, _ => (object?)1);
        foreach (var (code, value) in changes) items[code] = value;
        return items.ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value));
    }

    static SubmitResponse KoosResponse(Dictionary<string, JsonElement> items, string visit = "BASE", string completedOn = "2026-06-01") => new()
    {
        Instrument = "KOOS", Items = items, Language = "ko", Mode = ResponseModes.PaperTranscription, VisitCode = visit, Target = "KNEE_R",
        CompletedOn = completedOn,
    };

    static async Task<(TestDatabase Db, Actor Actor, string PatientId)> SetUpAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync();
        var patient = await db.RegisterPatientAsync(actor, recordNumber: "MRN-9");
        return (db, actor, patient.Id);
    }

    /// <summary>A store over the same database whose catalog has KOOS as definition version 2.1 (same scoring).</summary>
    static ResponseStore WithKoos21(TestDatabase db) => new(db.Database, db.Get<AuditTrail>(), db.Get<PatientStore>(),
        InstrumentCatalog.Default.With(Koos.Instrument with { Definition = Koos.Definition with { Version = "2.1" } }), db.Clock);

    static async Task<(long Heads, long Versions, long Audit)> CountsAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(CancellationToken.None);
        return (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM record_heads"),
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM instrument_response_versions"),
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    [Theory, BothEngines]
    public async Task Submit_ValidKoos_StoresItemsScoresAndMetadata(DatabaseProvider engine)
    {
        var (db, actor, patientId) = await SetUpAsync(engine);
        await using var _ = db;
        var store = db.Get<ResponseStore>();

        var r = Assert.IsType<Outcome<InstrumentResponse>.Done>(await store.SubmitAsync(actor, patientId, KoosResponse(KoosItems(("P1", 4))), default)).Value;

        // P1 = 4, P2–P9 = 1: pain = 100 − 25 × (12 / 9) = 66.6667; every other subscale 100 − 25 × 1 = 75.
        Assert.Equal(66.6667m, r.Scores["pain"]);
        Assert.Equal(75m, r.Scores["symptoms"]);
        Assert.Equal(("KOOS", "1.0", 1, "ko", "PAPER_TRANSCRIPTION", "BASE", "KNEE_R"),
            (r.Instrument, r.DefinitionVersion, r.Version, r.Language, r.Mode, r.VisitCode, r.Target));
        Assert.Equal((new DateOnly(2026, 6, 1), "dr.lee", RecordSource.Clinic), (r.CompletedOn, r.EnteredBy, r.Source));
        Assert.Equal(4, r.Items.GetProperty("P1").GetInt32());
        Assert.Equal("ok", r.Result.GetProperty("status").GetString());
        var stored = Assert.Single((await store.ReadAllAsync(actor, patientId, "KOOS", default))!);
        Assert.Equal(r.Scores, stored.Scores);
    }

    [Theory, BothEngines]
    public async Task Submit_BadItemsAndFields_IsInvalidPerItemAndWritesNothing(DatabaseProvider engine)
    {
        var (db, actor, patientId) = await SetUpAsync(engine);
        await using var _ = db;
        var store = db.Get<ResponseStore>();
        var before = await CountsAsync(db);

        var request = KoosResponse(KoosItems(("P3", 7), ("S1", "often"), ("X9", 1))) with { Mode = "FAX", CompletedOn = "2026-07-01" };
        var errors = Assert.IsType<Outcome<InstrumentResponse>.Invalid>(await store.SubmitAsync(actor, patientId, request, default)).Errors;

        Assert.Equal(["P3", "S1", "X9", "completedOn", "mode"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Answer to item P3 must be 0–4.", Assert.Single(errors["P3"]));
        Assert.Equal(before, await CountsAsync(db));
    }

    [Theory, BothEngines]
    public async Task Submit_PatientOfAnotherSite_IsNotFoundAndWritesNothing(DatabaseProvider engine)
    {
        var (db, _, patientId) = await SetUpAsync(engine);
        await using var __ = db;
        var before = await CountsAsync(db);
        var elsewhere = Clinician("another-site");

        Assert.IsType<Outcome<InstrumentResponse>.NotFound>(await db.Get<ResponseStore>().SubmitAsync(elsewhere, patientId, KoosResponse(KoosItems()), default));
        Assert.Null(await db.Get<ResponseStore>().ReadAllAsync(elsewhere, patientId, null, default));
        Assert.Equal(before, await CountsAsync(db));
    }

    [Theory, BothEngines]
    public async Task Rescore_AfterDefinitionChange_AddsVersionWithReasonAndKeepsOldScores(DatabaseProvider engine)
    {
        var (db, actor, patientId) = await SetUpAsync(engine);
        await using var _ = db;
        var first = Assert.IsType<Outcome<InstrumentResponse>.Done>(
            await db.Get<ResponseStore>().SubmitAsync(actor, patientId, KoosResponse(KoosItems(("Q1", 3))), default)).Value;
        var audits = (await CountsAsync(db)).Audit;

        var rescored = Assert.IsType<Outcome<InstrumentResponse>.Done>(
            await WithKoos21(db).RescoreAsync(actor, patientId, first.Id, new RescoreResponse(1), default)).Value;

        Assert.Equal((2, "2.1", "rescored with KOOS 2.1", "dr.lee"), (rescored.Version, rescored.DefinitionVersion, rescored.Reason, rescored.EnteredBy));
        Assert.Equal(first.Scores, rescored.Scores);
        var versions = (await db.Get<ResponseStore>().VersionsAsync(actor, patientId, first.Id, default))!;
        Assert.Equal([(1, "1.0", (string?)null), (2, "2.1", "rescored with KOOS 2.1")], versions.Select(v => (v.Version, v.DefinitionVersion, v.Reason)));
        Assert.Equal("1.0", versions[0].Result.GetProperty("version").GetString()); // the old scores, as they were stored
        Assert.Equal(audits + 2, (await CountsAsync(db)).Audit);                    // the rescore, then the versions read
    }

    [Theory, BothEngines]
    public async Task Rescore_SameDefinitionOrStaleVersion_IsConflictAndWritesNothing(DatabaseProvider engine)
    {
        var (db, actor, patientId) = await SetUpAsync(engine);
        await using var _ = db;
        var first = Assert.IsType<Outcome<InstrumentResponse>.Done>(
            await db.Get<ResponseStore>().SubmitAsync(actor, patientId, KoosResponse(KoosItems()), default)).Value;
        var before = await CountsAsync(db);

        var same = await db.Get<ResponseStore>().RescoreAsync(actor, patientId, first.Id, new RescoreResponse(1), default);
        var stale = await WithKoos21(db).RescoreAsync(actor, patientId, first.Id, new RescoreResponse(3), default);

        Assert.Equal(ResponseMessages.AlreadyCurrent("KOOS", "1.0"), Assert.IsType<Outcome<InstrumentResponse>.Conflict>(same).Detail);
        Assert.Equal(ResponseMessages.Stale(3), Assert.IsType<Outcome<InstrumentResponse>.Conflict>(stale).Detail);
        Assert.Equal(before, await CountsAsync(db));
    }

    [Theory, BothEngines]
    public async Task History_BaselineAndFollowUp_GivesChangeAndMcid(DatabaseProvider engine)
    {
        var (db, actor, patientId) = await SetUpAsync(engine);
        await using var _ = db;
        var store = db.Get<ResponseStore>();
        var all4 = KoosItems().ToDictionary(kv => kv.Key, _ => JsonSerializer.SerializeToElement(4)); // every subscale 0
        await store.SubmitAsync(actor, patientId, KoosResponse(KoosItems(), visit: "M3", completedOn: "2026-06-10"), default);
        await store.SubmitAsync(actor, patientId, KoosResponse(all4, visit: "BASE", completedOn: "2026-03-01"), default);

        var history = Assert.Single((await store.HistoryAsync(actor, patientId, "KOOS", null, default))!);

        Assert.Equal(("KNEE_R", "knee_oa", "BASE"), (history.Target, history.Population, history.Baseline!.VisitCode));
        Assert.Equal(["BASE", "M3"], history.Points.Select(p => p.VisitCode));
        Assert.Null(history.Points[0].Change);
        // Pain 0 → 75: change 75, above the knee OA MCID of 15 (Mostafaee 2021).
        var pain = history.Points[1].Change!.Single(c => c.Score == "pain");
        Assert.Equal((0m, 75m, 75m, true), (pain.Baseline!.Value, pain.Followup!.Value, pain.Change!.Value, pain.ThresholdMet!.Value));
        Assert.Null(pain.RelativeChangePercent); // undefined from a baseline of 0
    }

    [Theory, BothEngines]
    public async Task ReadAll_IsAudited(DatabaseProvider engine)
    {
        var (db, actor, patientId) = await SetUpAsync(engine);
        await using var _ = db;
        var before = (await CountsAsync(db)).Audit;

        await db.Get<ResponseStore>().ReadAllAsync(actor, patientId, null, default);
        await db.Get<ResponseStore>().HistoryAsync(actor, patientId, "KOOS", null, default);

        Assert.Equal(before + 2, (await CountsAsync(db)).Audit);
    }
}

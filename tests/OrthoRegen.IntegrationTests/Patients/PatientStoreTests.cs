using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Patients;

public class PatientStoreTests
{
    static Actor Clinician(string siteId) => new("u1", "dr.lee", [Roles.Physician], false, [siteId], "127.0.0.1");
    static Actor Researcher(string siteId) => new("u2", "res.park", [Roles.Researcher], false, [siteId], "127.0.0.1");

    static RegisterPatient Kim() => new()
    {
        FamilyName = "Kim", GivenName = "Minji", BirthDate = "1960-03-02", Sex = "F", Language = "ko", RecordNumber = "MRN-77",
        Phone = "010-5555-1234", HeightCm = 160, WeightKg = 64,
    };

    static async Task<(TestDatabase Db, Site Site, PatientStore Store)> SetUpAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var site = (await db.Get<SiteStore>().ListAsync(CancellationToken.None)).Single();
        return (db, site, db.Get<PatientStore>());
    }

    static async Task<long> CountAsync(TestDatabase db, string table)
    {
        await using var c = await db.Database.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    [Theory, BothEngines]
    public async Task Register_ThenGet_ReturnsCurrentVersionWithBmi(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var created = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(Clinician(site.Id), Kim(), default)).Value;
        var read = await store.GetAsync(Clinician(site.Id), created.Id, default);
        Assert.NotNull(read);
        Assert.Equal(("Kim", 1, 25.0), (read.FamilyName, read.Version, read.Bmi));
        Assert.True(PseudonymCode.IsWellFormed(read.PseudonymCode));
    }

    [Theory, BothEngines]
    public async Task Register_Invalid_WritesNothing(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var before = (await CountAsync(db, "patients"), await CountAsync(db, "record_heads"), await CountAsync(db, "audit_log"));
        var outcome = await store.RegisterAsync(Clinician(site.Id), Kim() with { BirthDate = "1960-02-30" }, default);
        Assert.Contains("birthDate", Assert.IsType<Outcome<PatientView>.Invalid>(outcome).Errors.Keys);
        Assert.Equal(before, (await CountAsync(db, "patients"), await CountAsync(db, "record_heads"), await CountAsync(db, "audit_log")));
    }

    [Theory, BothEngines]
    public async Task Correct_WithCurrentVersion_AddsVersionAndKeepsHistory(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var actor = Clinician(site.Id);
        var p = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(actor, Kim(), default)).Value;
        var fix = new CorrectPatient
        {
            Version = 1, Reason = "Spelling on ID card", FamilyName = "Kim", GivenName = "Min-ji", BirthDate = "1960-03-02", Sex = "F", Language = "ko", RecordNumber = "MRN-77",
        };
        var v2 = Assert.IsType<Outcome<PatientView>.Done>(await store.CorrectAsync(actor, p.Id, fix, default)).Value;
        Assert.Equal(("Min-ji", 2), (v2.GivenName, v2.Version));
        var history = await store.HistoryAsync(actor, p.Id, default);
        Assert.Equal([("Minji", (string?)null), ("Min-ji", "Spelling on ID card")], history!.Select(h => (h.GivenName!, h.Reason)));
    }

    [Theory, BothEngines]
    public async Task Correct_WithStaleVersion_IsConflictAndChangesNothing(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var actor = Clinician(site.Id);
        var p = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(actor, Kim(), default)).Value;
        var fix = new CorrectPatient { Version = 1, Reason = "r", FamilyName = "Kim", GivenName = "A", BirthDate = "1960-03-02", Sex = "F", Language = "ko" };
        Assert.IsType<Outcome<PatientView>.Done>(await store.CorrectAsync(actor, p.Id, fix, default));
        var stale = await store.CorrectAsync(actor, p.Id, fix with { GivenName = "B" }, default);
        Assert.IsType<Outcome<PatientView>.Conflict>(stale);
        Assert.Equal("A", (await store.LoadAsync(actor, p.Id, default))!.GivenName);
        Assert.Equal(2, await CountAsync(db, "patient_versions"));
    }

    [Theory, BothEngines]
    public async Task ConcurrentCorrections_OfSameVersion_OnlyOneWins(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var actor = Clinician(site.Id);
        var p = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(actor, Kim(), default)).Value;
        var tasks = Enumerable.Range(0, 8).Select(i => store.CorrectAsync(actor, p.Id,
            new CorrectPatient { Version = 1, Reason = "race", FamilyName = "Kim", GivenName = $"N{i}", BirthDate = "1960-03-02", Sex = "F", Language = "ko" }, default));
        var outcomes = await Task.WhenAll(tasks);
        Assert.Equal(1, outcomes.Count(o => o is Outcome<PatientView>.Done));
        Assert.Equal(7, outcomes.Count(o => o is Outcome<PatientView>.Conflict));
    }

    [Theory, BothEngines]
    public async Task Get_PatientOfAnotherSite_IsNotFoundAndAuditedAsDenied(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var other = await db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var p = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(Clinician(site.Id), Kim(), default)).Value;
        Assert.Null(await store.GetAsync(Clinician(other.Id), p.Id, default));
        await using var c = await db.Database.OpenAsync(default);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'DENIED' AND entity_id = @id", new { id = p.Id }));
    }

    [Theory, BothEngines]
    public async Task Get_AsResearcher_HidesDirectIdentifiers(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(Clinician(site.Id), Kim(), default)).Value;
        var r = (await store.GetAsync(Researcher(site.Id), p.Id, default))!;
        Assert.True(r.IdentifiersHidden);
        Assert.Equal((null, null, null, null, null), (r.FamilyName, r.GivenName, r.BirthDate, r.RecordNumber, r.Phone));
        Assert.Equal((1960, "F", p.PseudonymCode), (r.BirthYear, r.Sex, r.PseudonymCode));
        Assert.Null(await store.HistoryAsync(Researcher(site.Id), p.Id, default));
    }

    [Theory, BothEngines]
    public async Task Search_ByNameRecordNumberOrPseudonym_FindsAndPages(DatabaseProvider engine)
    {
        var (db, site, store) = await SetUpAsync(engine);
        await using var _ = db;
        var actor = Clinician(site.Id);
        for (var i = 0; i < 12; i++)
            await store.RegisterAsync(actor, Kim() with { FamilyName = i % 2 == 0 ? "Park" : "박", GivenName = $"P{i:00}", RecordNumber = $"MRN-{i}" }, default);
        var target = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(actor, Kim() with { FamilyName = "Lee_%", RecordNumber = "MRN-X" }, default)).Value;

        Assert.Equal(6, (await store.SearchAsync(actor, "park", 1, 25, default)).Total);   // case-insensitive
        Assert.Equal(6, (await store.SearchAsync(actor, "박", 1, 25, default)).Total);      // Hangul
        Assert.Equal(target.Id, (await store.SearchAsync(actor, "MRN-X", 1, 25, default)).Items.Single().Id);
        Assert.Equal(target.Id, (await store.SearchAsync(actor, target.PseudonymCode.ToLowerInvariant(), 1, 25, default)).Items.Single().Id);
        Assert.Equal(target.Id, (await store.SearchAsync(actor, "_%", 1, 25, default)).Items.Single().Id); // LIKE wildcards are literal
        var page2 = await store.SearchAsync(actor, null, 2, 5, default);
        Assert.Equal((13, 5, 2), (page2.Total, page2.Items.Count, page2.Page));
        Assert.Equal(13, (await store.SearchAsync(Researcher(site.Id), null, 1, 100, default)).Items.Count(x => x.FamilyName is null));
        Assert.Empty((await store.SearchAsync(Researcher(site.Id), "park", 1, 25, default)).Items); // researchers search by pseudonym only
    }
}

public class ComorbidityStoreTests
{
    [Theory, BothEngines]
    public async Task Record_ValidAndInvalidCodes_StoresOnlyValid(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync();
        var p = await db.RegisterPatientAsync(actor);
        var store = db.Get<ComorbidityStore>();
        Assert.IsType<Outcome<Comorbidity>.Done>(await store.RecordAsync(actor, p.Id, new RecordComorbidity { Icd10 = "e11.9", Description = "Type 2 diabetes" }, default));
        var bad = await store.RecordAsync(actor, p.Id, new RecordComorbidity { Icd10 = "DIABETES", Description = "x" }, default);
        Assert.Contains("icd10", Assert.IsType<Outcome<Comorbidity>.Invalid>(bad).Errors.Keys);
        var list = await store.ReadAllAsync(actor, p.Id, default);
        Assert.Equal(["E11.9"], list!.Select(c => c.Icd10));
    }
}

public class ConsentStoreTests
{
    static RecordConsent Treatment(string signedAt) => new()
    {
        FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = signedAt, Signer = "PATIENT", Pathway = "ROUTINE_CARE",
        RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
    };

    [Theory, BothEngines]
    public async Task Withdraw_KeepsSignedVersionAndRefusesStaleOrRepeatedWithdrawal(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync();
        var p = await db.RegisterPatientAsync(actor);
        var store = db.Get<ConsentStore>();
        var consent = Assert.IsType<Outcome<ConsentRecord>.Done>(await store.RecordAsync(actor, p.Id, Treatment("2026-06-01"), default)).Value;
        Assert.True(consent.IsValid);

        var withdrawn = Assert.IsType<Outcome<ConsentRecord>.Done>(await store.WithdrawAsync(actor, p.Id, consent.Id,
            new WithdrawConsent { Version = 1, Reason = "Patient changed their mind" }, default)).Value;
        Assert.False(withdrawn.IsValid);
        var again = await store.WithdrawAsync(actor, p.Id, consent.Id, new WithdrawConsent { Version = 2, Reason = "again" }, default);
        Assert.Contains("withdrawnAt", Assert.IsType<Outcome<ConsentRecord>.Invalid>(again).Errors.Keys); // already withdrawn
        var history = await store.HistoryAsync(actor, p.Id, consent.Id, default);
        Assert.Equal([(1, true), (2, false)], history!.Select(v => (v.Version, v.IsValid)));
        Assert.Equal("Patient changed their mind", history![1].Reason);
    }

    [Theory, BothEngines]
    public async Task Record_MissingAcknowledgementOrUnknownForm_IsRejected(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync();
        var p = await db.RegisterPatientAsync(actor);
        var store = db.Get<ConsentStore>();
        var noRisks = await store.RecordAsync(actor, p.Id, Treatment("2026-06-01") with { RisksExplained = false }, default);
        Assert.Contains("risksExplained", Assert.IsType<Outcome<ConsentRecord>.Invalid>(noRisks).Errors.Keys);
        var unknown = await store.RecordAsync(actor, p.Id, Treatment("2026-06-01") with { FormVersion = "9.9" }, default);
        Assert.Contains("formVersion", Assert.IsType<Outcome<ConsentRecord>.Invalid>(unknown).Errors.Keys);
        var research = await store.RecordAsync(actor, p.Id, Treatment("2026-06-01") with { FormCode = "RESEARCH" }, default);
        Assert.Contains("pathway", Assert.IsType<Outcome<ConsentRecord>.Invalid>(research).Errors.Keys); // research form on a routine-care pathway
        var future = await store.RecordAsync(actor, p.Id, Treatment("2026-07-01"), default);
        Assert.Contains("signedAt", Assert.IsType<Outcome<ConsentRecord>.Invalid>(future).Errors.Keys);
        Assert.Empty(await store.ListAsync(p.Id, default));
    }
}

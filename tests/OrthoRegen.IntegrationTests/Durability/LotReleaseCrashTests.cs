using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// A web host process (<c>orthoregen serve</c>) receives QA release decisions for a series of lots over HTTP and is
/// killed with SIGKILL mid-stream. Afterwards every decision the client saw confirmed is there, every decision version
/// has its audit entry, no lot has two decision records, and sending the whole series again (what a client does when it
/// does not know which requests went through) leaves exactly one decision per lot.
/// </summary>
public class LotReleaseCrashTests(ITestOutputHelper output)
{
    static int Lots => 6 * CrashTrials.Scale;
    const string QaUser = "qa.crash";
    const string QaPassword = "Crash-Trial-Pass-77";

    sealed record Template(TrialDatabase Db, string Token, IReadOnlyList<string> LotIds, Actor Qa);

    static T Done<T>(Outcome<T> o) => o switch
    {
        Outcome<T>.Done d => d.Value,
        Outcome<T>.Invalid i => throw new InvalidOperationException("Set-up step refused: " + string.Join("; ", i.Errors.Select(kv => kv.Key + ": " + string.Join(" ", kv.Value)))),
        _ => throw new InvalidOperationException($"Set-up step failed: {o}"),
    };

    /// <summary>A QA user with an API token, and lots whose every QC test passed, none decided yet.</summary>
    static async Task<Template> TemplateAsync(DatabaseProvider engine)
    {
        var db = await TrialDatabase.MigratedAsync(engine);
        var users = db.Get<UserStore>();
        var qaUser = Done(await users.CreateAsync(Actor.System("set-up"), new CreateUser
        {
            Username = QaUser, DisplayName = "QA crash", Password = "One-Time-Pass-4455", Roles = [Roles.QA], AllSites = true,
        }, default));
        var qa = new Actor(qaUser.Id, QaUser, [Roles.QA], true, [], "test");
        Done(await users.ChangePasswordAsync(qa, "One-Time-Pass-4455", QaPassword, default));
        var token = Done(await users.CreateTokenAsync(qa, qaUser.Id, "crash trials", default)).Secret;

        var site = (await db.Get<SiteStore>().ListAsync(default)).Single(s => s.Code == "MAIN");
        var dr = new Actor("u-dr", "dr.lee", [Roles.Physician], false, [site.Id], "set-up");
        var tech = new Actor("u-tech", "lab.tech", [Roles.CellLab], true, [], "set-up");
        var analyst = new Actor("u-analyst", "qc.analyst", [Roles.CellLab], true, [], "set-up");
        var lots = db.Get<LotStore>();
        var now = DateTimeOffset.UtcNow;
        var ids = new List<string>();
        for (var i = 0; i < Lots; i++)
        {
            var patient = Done(await db.Get<OrthoRegen.Patients.PatientStore>().RegisterAsync(dr, new OrthoRegen.Patients.RegisterPatient
            {
                FamilyName = "Lot" + i, GivenName = "Crash", BirthDate = "1962-02-02", Sex = "F", Language = "ko", RecordNumber = $"MRN-LOT-{i}", HeightCm = 160, WeightKg = 61,
            }, default));
            Done(await db.Get<OrthoRegen.Patients.ConsentStore>().RecordAsync(dr, patient.Id, new OrthoRegen.Patients.RecordConsent
            {
                FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = "2026-05-01", Signer = "PATIENT", Pathway = "KR_ARM_TREATMENT",
                RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
                LongTermFollowUpAck = true,
            }, default));
            var lot = await PathwaySetUp.QcPassedLotAsync(db.Get<CollectionStore>(), lots, tech, analyst, patient.Id, $"CRASH-{i:000}", now);
            ids.Add(lot.Id);
        }
        return new Template(db, token, ids, qa);
    }

    /// <summary>The web host as its own process over <paramref name="db"/>, which is migrated already.</summary>
    static Task<WebNodeProcess> ServeAsync(TrialDatabase db, string name) =>
        WebNodeProcess.StartAsync(name, db.Provider, db.ConnectionString, new Dictionary<string, string?> { ["Database:ApplyMigrationsAtStartup"] = "false" });

    /// <summary>Per lot: decision records, decision versions, and audit entries about those records.</summary>
    static async Task<(long Records, long Versions, long Audits, string? Status)> DecisionsAsync(TrialDatabase db, string lotId)
    {
        var records = await db.CountAsync("SELECT count(DISTINCT id) FROM release_decision_versions WHERE lot_id = @lotId", new { lotId });
        var versions = await db.CountAsync("SELECT count(*) FROM release_decision_versions WHERE lot_id = @lotId", new { lotId });
        var audits = await db.CountAsync("""
            SELECT count(*) FROM audit_log WHERE entity = @kind AND entity_id IN (SELECT id FROM release_decision_versions WHERE lot_id = @lotId)
            """, new { kind = LotStore.DecisionKind, lotId });
        await using var c = await db.Database.OpenAsync(default);
        var status = await Dapper.SqlMapper.ExecuteScalarAsync<string?>(c,
            "SELECT status FROM release_decision_versions WHERE lot_id = @lotId ORDER BY version DESC LIMIT 1", new { lotId });
        return (records, versions, audits, status);
    }

    [Theory, BothEngines]
    public async Task WebHostKilledDuringReleases_ConfirmedDecisionsKept_AndSendingAgainDecidesEachLotOnce(DatabaseProvider engine)
    {
        var watch = Stopwatch.StartNew();
        var template = await TemplateAsync(engine);
        await using var _ = template.Db;
        var random = CrashTrials.For("release", engine);
        var killed = 0;
        for (var trial = 0; trial < CrashTrials.Count; trial++)
        {
            var name = $"release trial {trial} (seed {CrashTrials.Seed}, {engine})";
            await using var db = await TrialDatabase.CopyOfAsync(template.Db);
            var confirmed = new List<string>();
            var killAfter = random.Next(0, Lots);
            var extra = random.Next(0, 20);
            await using (var server = await ServeAsync(db, name))
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", template.Token);
                for (var i = 0; i < Lots; i++)
                {
                    var send = http.PostAsJsonAsync($"/api/lab/lots/{template.LotIds[i]}/decisions", new { status = "RELEASED" });
                    if (i == killAfter)
                    {
                        await Task.Delay(extra);
                        await server.KillAsync();
                        killed++;
                    }
                    HttpResponseMessage response;
                    try { response = await send; }
                    catch (HttpRequestException) { break; } // the connection died with the process: the client does not know
                    catch (TaskCanceledException) { break; }
                    if (response.StatusCode == HttpStatusCode.Created) confirmed.Add(template.LotIds[i]);
                    else Assert.Fail($"{name}: lot {i}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    if (server.HasExited) break;
                }
            }
            await db.CloseAsync();
            await db.AssertIntactAsync(name);
            foreach (var lot in template.LotIds)
            {
                var (records, versions, audits, status) = await DecisionsAsync(db, lot);
                Assert.True(records <= 1, $"{name}: lot {lot} has {records} decision records");
                Assert.True(versions == audits, $"{name}: lot {lot} has {versions} decision versions but {audits} audit entries");
                if (confirmed.Contains(lot)) Assert.True(status == CellLabCodes.Released, $"{name}: lot {lot} was confirmed RELEASED but holds {status ?? "no decision"}");
            }

            // The restart: the client sends the whole series again, not knowing which requests went through.
            foreach (var lot in template.LotIds)
            {
                var again = await db.Get<LotStore>().DecideAsync(template.Qa, lot, new DecideRelease { Status = CellLabCodes.Released }, default);
                Assert.True(again is Outcome<LotView>.Done, $"{name}: deciding lot {lot} again: {again}");
            }
            foreach (var lot in template.LotIds)
                Assert.Equal((1L, 1L, 1L, CellLabCodes.Released), await DecisionsAsync(db, lot));
            await db.AssertIntactAsync(name);
        }
        CrashTrials.Report(output, "lot release", engine, CrashTrials.Count, killed, watch.Elapsed);
    }
}

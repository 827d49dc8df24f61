using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.CellLab;
using OrthoRegen.Portal;
using OrthoRegen.Testing;
using static OrthoRegen.IntegrationTests.ScaleOut.ScaleOutCluster;

namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>
/// The concurrency checks shared by the two-node PostgreSQL cluster and the one-node SQLite host: many clients at once,
/// spread over every node, then the database is asked what happened. No write may be lost or doubled, and no client may
/// see a 5xx: a stale write is a 409 problem, a duplicate is refused or answered with the first result.
/// </summary>
public static class ConcurrencyScenarios
{
    static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");
    static string DaysAgo(int days) => DateTime.UtcNow.AddDays(-days).ToString("yyyy-MM-dd");

    /// <summary>Starts <paramref name="count"/> calls together (released by one gate) and waits for all of them.</summary>
    public static async Task<T[]> AllAtOnceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i => { await gate.Task; return await call(i); }).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    sealed record Reply(int Client, HttpStatusCode Status, string? MediaType, string Body);

    static async Task<Reply> ReplyAsync(int client, HttpResponseMessage r) =>
        new(client, r.StatusCode, r.Content.Headers.ContentType?.MediaType, await r.Content.ReadAsStringAsync());

    /// <summary>Every reply is 2xx, or 409 with a problem body; anything else (5xx above all) fails with the body.</summary>
    static void AssertSuccessOrConflict(IEnumerable<Reply> replies)
    {
        foreach (var r in replies)
        {
            if ((int)r.Status is >= 200 and < 300) continue;
            Assert.True(r.Status == HttpStatusCode.Conflict, $"client {r.Client}: {(int)r.Status} {r.Body}");
            Assert.True(r.MediaType == "application/problem+json", $"client {r.Client}: 409 as {r.MediaType}");
        }
    }

    // ---- 100 concurrent corrections of one record ---------------------------------------------------------------------

    sealed record Correction(int Client, string Phone, int? SavedVersion, int Conflicts, Reply? Failure);

    /// <summary>
    /// <paramref name="clients"/> clients correct one patient's demographics at once, each setting its own phone number:
    /// read (on one node), write with the version read (on the next node), retry on 409 up to
    /// <paramref name="attempts"/> times. Every success must be in the history exactly once, at the version its reply
    /// named; the last version is 1 + successes; every refusal is a 409 problem.
    /// </summary>
    public static async Task CorrectionsLoseNoneAsync(ScaleOutCluster cluster, int clients, int attempts)
    {
        var staff = await cluster.StaffAsync(Roles.Physician);
        var mrn = $"MRN-CC-{Guid.NewGuid():N}"[..16];
        var id = await RegisterPatientAsync(staff, mrn);

        var results = await AllAtOnceAsync(clients, async i =>
        {
            var phone = $"010-5555-{i:D4}";
            var conflicts = 0;
            for (var attempt = 0; attempt < attempts; attempt++)
            {
                var current = await JsonAsync(await staff.Via(i).GetAsync($"/api/patients/{id}"));
                var version = current.GetProperty("version").GetInt32();
                var put = await staff.Via(i + 1).PutAsJsonAsync($"/api/patients/{id}", new
                {
                    version, reason = $"client {i} attempt {attempt}", familyName = "Kim", givenName = "Minji", birthDate = "1961-04-05", sex = "F",
                    language = "ko", recordNumber = mrn, phone, email = "minji@example.org",
                });
                var reply = await ReplyAsync(i, put);
                if (put.IsSuccessStatusCode)
                    return new Correction(i, phone, JsonDocument.Parse(reply.Body).RootElement.GetProperty("version").GetInt32(), conflicts, null);
                if (put.StatusCode != HttpStatusCode.Conflict || reply.MediaType != "application/problem+json")
                    return new Correction(i, phone, null, conflicts, reply);
                conflicts++;
            }
            return new Correction(i, phone, null, conflicts, null);
        });

        Assert.Empty(results.Where(r => r.Failure is not null).Select(r => $"client {r.Client}: {(int)r.Failure!.Status} {r.Failure.Body}"));
        var saved = results.Where(r => r.SavedVersion is not null).ToList();
        Assert.NotEmpty(saved);
        Assert.Equal(saved.Count, saved.Select(s => s.SavedVersion).Distinct().Count());

        var history = (await JsonAsync(await staff.Via(0).GetAsync($"/api/patients/{id}/history"))).EnumerateArray().ToList();
        Assert.Equal(1 + saved.Count, history.Count);
        Assert.Equal(Enumerable.Range(1, 1 + saved.Count), history.Select(h => h.GetProperty("version").GetInt32()));
        foreach (var s in saved)
        {
            var entries = history.Where(h => h.GetProperty("phone").GetString() == s.Phone).ToList();
            Assert.True(entries.Count == 1, $"client {s.Client}'s write appears {entries.Count} times");
            Assert.Equal(s.SavedVersion, entries[0].GetProperty("version").GetInt32());
        }
        var final = await JsonAsync(await staff.Via(1).GetAsync($"/api/patients/{id}"));
        Assert.Equal(1 + saved.Count, final.GetProperty("version").GetInt32());
        Assert.Equal(saved.Count, await cluster.CountAsync(
            "SELECT count(*) FROM audit_log WHERE entity = 'patient' AND entity_id = @id AND action = @a", new { id, a = AuditAction.Update }));
        Assert.True(results.Sum(r => r.Conflicts) > 0, "no client ever saw a stale version: the test did not race");
    }

    // ---- 100 concurrent blind inserts ---------------------------------------------------------------------------------

    /// <summary>
    /// <paramref name="count"/> questionnaire responses for one patient, each for its own visit code, all at once over
    /// every node, plus as many patient registrations: every one is created (201) and stored once.
    /// </summary>
    public static async Task BlindInsertsAllLandAsync(ScaleOutCluster cluster, int count)
    {
        var staff = await cluster.StaffAsync(Roles.Coordinator);
        var id = await RegisterPatientAsync(staff, $"MRN-BI-{Guid.NewGuid():N}"[..16]);
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var replies = await AllAtOnceAsync(count * 2, async i => i < count
            ? await ReplyAsync(i, await staff.Via(i).PostAsJsonAsync($"/api/patients/{id}/responses", new
            {
                instrument = "PAIN_NRS", items = new { nrs = i % 11 }, language = "en", mode = "PAPER_TRANSCRIPTION", visitCode = $"V{i:D3}",
                target = "KNEE_R", completedOn = Today,
            }))
            : await ReplyAsync(i, await staff.Via(i).PostAsJsonAsync("/api/patients", new
            {
                familyName = "Blind" + tag, givenName = $"N{i}", birthDate = "1970-01-01", sex = "M", language = "en", recordNumber = $"BI-{tag}-{i}",
            })));
        Assert.Empty(replies.Where(r => r.Status != HttpStatusCode.Created).Select(r => $"client {r.Client}: {(int)r.Status} {r.Body}"));
        var listed = (await JsonAsync(await staff.Via(1).GetAsync($"/api/patients/{id}/responses"))).EnumerateArray().ToList();
        Assert.Equal(count, listed.Count);
        Assert.Equal(count, await cluster.CountAsync(
            "SELECT count(*) FROM patient_versions WHERE family_name = @f AND version = 1", new { f = "Blind" + tag }));
        Assert.Equal(count, await cluster.CountAsync(
            "SELECT count(DISTINCT p.pseudonym_code) FROM patients p JOIN patient_versions v ON v.id = p.id WHERE v.family_name = @f", new { f = "Blind" + tag }));
    }

    // ---- races that must not create twice -----------------------------------------------------------------------------

    /// <summary>Starting the same follow-up schedule by hand from many clients: one schedule, one set of visits, one audit entry.</summary>
    public static async Task FollowUpScheduleCreatedOnceAsync(ScaleOutCluster cluster, int clients)
    {
        var staff = await cluster.StaffAsync(Roles.Coordinator);
        var id = await RegisterPatientAsync(staff, $"MRN-FU-{Guid.NewGuid():N}"[..16]);
        var replies = await AllAtOnceAsync(clients, async i => await ReplyAsync(i, await staff.Via(i).PostAsJsonAsync($"/api/patients/{id}/follow-up",
            new { target = "KNEE_R", day0 = DaysAgo(10), treatingPhysician = "dr.lee" })));
        AssertSuccessOrConflict(replies);
        Assert.Single(replies, r => r.Status == HttpStatusCode.Created);
        var ids = replies.Where(r => r.Status == HttpStatusCode.OK || r.Status == HttpStatusCode.Created)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM follow_up_schedules WHERE patient_id = @id", new { id }));
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM record_heads WHERE patient_id = @id AND kind = 'follow_up_schedule'", new { id }));
        var visits = await cluster.CountAsync("SELECT count(*) FROM follow_up_visit_versions WHERE patient_id = @id", new { id });
        Assert.Equal(visits, await cluster.CountAsync("SELECT count(DISTINCT visit_code) FROM follow_up_visit_versions WHERE patient_id = @id", new { id }));
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM audit_log WHERE patient_id = @id AND entity = 'follow_up_schedule' AND action = @a",
            new { id, a = AuditAction.Create }));
    }

    /// <summary>The same physician decision on one assessment from many clients: one decision is recorded.</summary>
    public static async Task CandidacyDecisionRecordedOnceAsync(ScaleOutCluster cluster, int clients)
    {
        var physician = await cluster.StaffAsync(Roles.Physician);
        var id = await RegisterPatientAsync(physician, $"MRN-CD-{Guid.NewGuid():N}"[..16]);
        var assessment = await JsonAsync(await physician.Via(0).PostAsJsonAsync($"/api/patients/{id}/assessments", new
        {
            indication = "KNEE_OA", target = "KNEE_R", assessedOn = Today, symptomDurationMonths = 14,
            imaging = new[] { new { modality = "XRAY", readOn = Today, reader = "Dr Park", klGrade = 3 } },
            conservativeTreatments = new[] { new { type = "IA_HA", response = "PARTIAL_TRANSIENT", lastIaInjectionOn = "2025-01-10" } },
        }));
        var assessmentId = assessment.GetProperty("id").GetString();
        var replies = await AllAtOnceAsync(clients, async i => await ReplyAsync(i, await physician.Via(i).PostAsJsonAsync(
            $"/api/patients/{id}/candidacy/decisions", new { assessmentId, decision = "PROCEED", overrideReason = "Discussed with the patient" })));
        AssertSuccessOrConflict(replies);
        var ids = replies.Where(r => (int)r.Status is >= 200 and < 300)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM candidacy_decision_versions WHERE patient_id = @id", new { id }));
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM audit_log WHERE patient_id = @id AND entity = 'candidacy_decision'", new { id }));

        // A different decision afterwards is still recorded: the guard is against duplicates, not against changing one's mind.
        var changed = await physician.Via(1).PostAsJsonAsync($"/api/patients/{id}/candidacy/decisions",
            new { assessmentId, decision = "DO_NOT_PROCEED", overrideReason = "Patient declined" });
        Assert.Equal(HttpStatusCode.Created, changed.StatusCode);
        Assert.Equal(2, await cluster.CountAsync("SELECT count(*) FROM candidacy_decision_versions WHERE patient_id = @id", new { id }));
    }

    /// <summary>QA's release of one lot from many clients at once: one decision record at version 1.</summary>
    public static async Task LotReleaseDecidedOnceAsync(ScaleOutCluster cluster, int clients)
    {
        var coordinator = await cluster.StaffAsync(Roles.Physician);
        var qa = await cluster.StaffAsync(Roles.QA);
        var patientId = await RegisterPatientAsync(coordinator, $"MRN-LR-{Guid.NewGuid():N}"[..16]);
        await ConsentAsync(coordinator, patientId);
        var lotId = await QcPassedLotAsync(cluster, patientId, $"LOT-{Guid.NewGuid():N}"[..14]);
        var replies = await AllAtOnceAsync(clients, async i => await ReplyAsync(i, await qa.Via(i).PostAsJsonAsync(
            $"/api/lab/lots/{lotId}/decisions", new { status = "RELEASED" })));
        AssertSuccessOrConflict(replies);
        Assert.Contains(replies, r => (int)r.Status is >= 200 and < 300);
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM release_decision_versions WHERE lot_id = @lotId", new { lotId }));
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM audit_log WHERE entity = @e AND actor = @u",
            new { e = LotStore.DecisionKind, u = qa.Username }));
        var status = await JsonAsync(await coordinator.Via(1).GetAsync($"/api/lab/lots/{lotId}/status"));
        Assert.Contains("RELEASED", status.GetRawText());
    }

    /// <summary>The automatic portal link of one visit, issued by the timers of many nodes at once: one link per visit.</summary>
    public static async Task PortalLinkAutoIssuedOnceAsync(ScaleOutCluster cluster, int runs)
    {
        var staff = await cluster.StaffAsync(Roles.Coordinator);
        var id = await RegisterPatientAsync(staff, $"MRN-PA-{Guid.NewGuid():N}"[..16]);
        await JsonAsync(await staff.Via(0).PostAsJsonAsync($"/api/patients/{id}/follow-up",
            new { target = "KNEE_R", day0 = DaysAgo(30), treatingPhysician = "dr.lee" })); // M1's window (day 23-37) is open
        var store = cluster.Db.Get<PortalStore>();
        var now = cluster.SyncClock();
        var issued = await AllAtOnceAsync(runs, async _ => await store.IssueForOpenWindowsAsync(now, default));
        var links = await cluster.CountAsync("SELECT count(*) FROM portal_links WHERE patient_id = @id AND auto_visit_id IS NOT NULL", new { id });
        Assert.True(links >= 1, "no automatic link was issued for the open M1 window");
        Assert.Equal(await cluster.CountAsync("SELECT count(*) FROM portal_links WHERE auto_visit_id IS NOT NULL"), issued.Sum());
        Assert.Equal(links, await cluster.CountAsync("SELECT count(DISTINCT auto_visit_id) FROM portal_links WHERE patient_id = @id AND auto_visit_id IS NOT NULL", new { id }));
        Assert.Equal(links, await cluster.CountAsync("SELECT count(*) FROM portal_outbox WHERE patient_id = @id", new { id }));
    }

    /// <summary>The signature of one e-consent session (a withdrawal statement) sent from many clients: one record, one withdrawal.</summary>
    public static async Task ConsentSignatureRecordedOnceAsync(ScaleOutCluster cluster, int clients)
    {
        var staff = await cluster.StaffAsync(Roles.Physician);
        var id = await RegisterPatientAsync(staff, $"MRN-ES-{Guid.NewGuid():N}"[..16]);
        var consentId = await ConsentAsync(staff, id);
        var session = await JsonAsync(await staff.Via(1).PostAsJsonAsync($"/api/patients/{id}/econsent/withdrawals",
            new { consentId, language = "en", signer = "PATIENT" }));
        var sessionId = session.GetProperty("session").GetProperty("id").GetString();
        var replies = await AllAtOnceAsync(clients, async i => await ReplyAsync(i, await staff.Via(i).PostAsJsonAsync(
            $"/api/econsent/sessions/{sessionId}/signature",
            new { language = "en", typedName = "Kim Minji", signature = "M40 120 L80 60 L120 140 L160 70 L200 130 M260 100 L300 90" })));
        AssertSuccessOrConflict(replies);
        Assert.Single(replies, r => (int)r.Status is >= 200 and < 300);
        Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM econsent_records WHERE session_id = @sessionId", new { sessionId }));
        Assert.Equal(2, await cluster.CountAsync("SELECT count(*) FROM consent_versions WHERE id = @consentId", new { consentId }));
    }

    /// <summary>A signed paper treatment consent (KR_ARM_TREATMENT) recorded through node A; returns its id.</summary>
    static async Task<string> ConsentAsync(StaffSession staff, string patientId) =>
        (await JsonAsync(await staff.Via(0).PostAsJsonAsync($"/api/patients/{patientId}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "en", signedAt = Today, signer = "PATIENT", pathway = "KR_ARM_TREATMENT",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
            longTermFollowUpAck = true,
        }))).GetProperty("id").GetString()!;

    /// <summary>A lot for <paramref name="patientId"/> with every QC test passed (rule result RELEASED) and no decision yet.</summary>
    static async Task<string> QcPassedLotAsync(ScaleOutCluster cluster, string patientId, string lotNumber)
    {
        var tech = new Actor("t-" + lotNumber, "lab.tech", [Roles.CellLab], true, [], "test set-up");
        var analyst = new Actor("a-" + lotNumber, "qc.analyst", [Roles.CellLab], true, [], "test set-up");
        var lot = await PathwaySetUp.QcPassedLotAsync(cluster.Db.Get<CollectionStore>(), cluster.Db.Get<LotStore>(), tech, analyst, patientId, lotNumber, cluster.SyncClock());
        return lot.Id;
    }
}

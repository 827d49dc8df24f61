using System.Net;
using System.Net.Http.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using static OrthoRegen.IntegrationTests.ScaleOut.ScaleOutCluster;

namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>
/// A node killed with SIGKILL in the middle of a burst of writes through two nodes over one PostgreSQL database: every
/// write that was answered 2xx is stored, every other one is either absent or complete (patient, version, head and audit
/// row together), the audit chain verifies, and the surviving node keeps serving.
/// </summary>
public class NodeKillTests(TwoNodePostgresCluster fixture) : IClassFixture<TwoNodePostgresCluster>
{
    const int Writes = 200;
    const int Workers = 24;
    const int KillAfter = 60;

    sealed record Write(int Index, string RecordNumber, string Node, HttpStatusCode? Status, string? PatientId, string? Error);

    [Fact]
    public async Task KillOneNode_MidBurst_LosesNoCommittedWriteAndTheOtherKeepsServing()
    {
        var cluster = fixture.Cluster;
        var victim = await cluster.AddNodeAsync("C");
        var survivor = cluster.Nodes[1];
        var staff = await cluster.StaffAsync(Roles.Coordinator);
        var viaSurvivor = staff.Clients[1];
        var viaVictim = staff.Clients[cluster.Nodes.ToList().IndexOf(victim)];
        var tag = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        var completed = 0;
        var next = -1;
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var results = new Write?[Writes];
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Writes)
            {
                var http = i % 2 == 0 ? viaSurvivor : viaVictim;
                var mrn = $"K-{tag}-{i:D3}";
                try
                {
                    var r = await http.PostAsJsonAsync("/api/patients", new
                    {
                        familyName = "Kill" + tag, givenName = $"W{i}", birthDate = "1966-06-06", sex = "F", language = "en", recordNumber = mrn,
                    });
                    var body = await r.Content.ReadAsStringAsync();
                    results[i] = new Write(i, mrn, http == viaSurvivor ? "B" : "C", r.StatusCode,
                        r.StatusCode == HttpStatusCode.Created ? System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString() : null,
                        r.IsSuccessStatusCode ? null : body);
                }
                catch (HttpRequestException ex)
                {
                    results[i] = new Write(i, mrn, http == viaSurvivor ? "B" : "C", null, null, ex.Message);
                }
                if (Interlocked.Increment(ref completed) == KillAfter) killed.TrySetResult();
            }
        }
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkerAsync)).ToList();
        await killed.Task;
        await victim.KillAsync();
        await Task.WhenAll(workers);

        var all = results.Select(r => r!).ToList();
        var viaB = all.Where(w => w.Node == "B").ToList();
        Assert.Empty(viaB.Where(w => w.Status != HttpStatusCode.Created).Select(w => $"{w.RecordNumber} via B: {w.Status} {w.Error}"));
        Assert.Contains(all, w => w.Node == "C" && w.Status is null); // the kill did cut requests off
        Assert.Empty(all.Where(w => w.Status is { } s && s != HttpStatusCode.Created).Select(w => $"{w.RecordNumber} via {w.Node}: {w.Status} {w.Error}"));

        // Every acknowledged write is there exactly once; every write in the database is complete.
        foreach (var w in all.Where(w => w.PatientId is not null))
            Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM patients WHERE id = @id", new { id = w.PatientId }));
        var stored = await cluster.CountAsync("SELECT count(*) FROM patient_versions WHERE family_name = @f", new { f = "Kill" + tag });
        Assert.InRange(stored, all.Count(w => w.PatientId is not null), Writes);
        Assert.Equal(stored, await cluster.CountAsync("SELECT count(DISTINCT record_number) FROM patient_versions WHERE family_name = @f", new { f = "Kill" + tag }));
        Assert.Equal(stored, await cluster.CountAsync("""
            SELECT count(*) FROM patient_versions v
            JOIN patients p ON p.id = v.id
            JOIN record_heads h ON h.id = v.id AND h.current_version = 1
            WHERE v.family_name = @f AND v.version = 1
              AND EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'patient' AND a.entity_id = v.id AND a.action = @create)
            """, new { f = "Kill" + tag, create = AuditAction.Create }));
        var verification = await cluster.Db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(verification.IsIntact, $"audit chain broken at {verification.FirstBrokenSeq}: {verification.Problem}");

        // The survivor still serves reads and writes, and the killed node's session cookie works on it.
        await cluster.KillAsync(victim);
        Assert.Equal(HttpStatusCode.OK, (await viaSurvivor.GetAsync($"/api/patients?q=Kill{tag}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await viaSurvivor.PostAsJsonAsync("/api/patients", new
        {
            familyName = "After" + tag, givenName = "Kill", birthDate = "1966-06-06", sex = "F", language = "en", recordNumber = $"A-{tag}",
        })).StatusCode);
        Assert.False(survivor.HasExited);
    }
}

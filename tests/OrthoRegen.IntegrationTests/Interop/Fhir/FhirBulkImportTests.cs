using System.Text;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>The bulk path of the NDJSON import: the audit batch, the batch look-ups and the per-patient savepoints.</summary>
public class FhirBulkImportTests
{
    const string RowsSql = """
        SELECT at AS At, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId, patient_id AS PatientId,
               fields AS Fields, origin AS Origin, prev_hash AS PrevHash, hash AS Hash
        FROM audit_log WHERE seq > @after ORDER BY seq
        """;

    static readonly AuditEvent[] Events =
    [
        new(AuditAction.Create, "patient", "p1", "p1", ["fhir_import", "sys|1"]),
        new(AuditAction.Create, "instrument_response", "r1", "p1"),
        new(AuditAction.Update, "consent", "c1", "p1", ["signer", "withdrawn_at"]),
        new(AuditAction.Read, "patient", null, null, []),
    ];

    [Theory, BothEngines]
    public async Task AuditBatch_SameEvents_WritesTheRowsAndHashesOfPerRowAppends(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var trail = db.Get<AuditTrail>();
        var actor = await db.StaffAtMainSiteAsync();
        await using var c = await db.Database.OpenAsync(default);
        var after = await c.ExecuteScalarAsync<long>("SELECT max(seq) FROM audit_log");

        // Per-row appends, read back, then rolled back: the reference rows.
        List<AuditRow> expected;
        await using (var tx = await c.BeginTransactionAsync())
        {
            foreach (var e in Events) await trail.AppendAsync(c, tx, actor, e);
            expected = (await c.QueryAsync<AuditRow>(RowsSql, new { after }, tx)).ToList();
            await tx.RollbackAsync();
        }
        await using (var tx = await c.BeginTransactionAsync())
        {
            await using var batch = await trail.BeginBatchAsync(c, tx, default);
            foreach (var e in Events) await batch.AppendAsync(actor, e, default);
            await tx.CommitAsync();
        }

        var actual = (await c.QueryAsync<AuditRow>(RowsSql, new { after })).ToList();
        Assert.Equal(Events.Length, actual.Count);
        Assert.Equal(expected, actual);
        Assert.True((await trail.VerifyAsync(default)).IsIntact);
    }

    [Theory, BothEngines]
    public async Task AuditBatch_RolledBackSavepoint_RewindsAndTheChainVerifies(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var trail = db.Get<AuditTrail>();
        var actor = await db.StaffAtMainSiteAsync();
        await using var c = await db.Database.OpenAsync(default);
        await using (var tx = await c.BeginTransactionAsync())
        {
            await using var batch = await trail.BeginBatchAsync(c, tx, default);
            await batch.AppendAsync(actor, Events[0], default);
            var mark = batch.LastHash;
            await c.ExecuteAsync("SAVEPOINT unit", transaction: tx);
            await batch.AppendAsync(actor, Events[1], default);
            await c.ExecuteAsync("ROLLBACK TO SAVEPOINT unit", transaction: tx);
            await c.ExecuteAsync("RELEASE SAVEPOINT unit", transaction: tx);
            batch.RewindTo(mark);
            await batch.AppendAsync(actor, Events[2], default);
            await tx.CommitAsync();
        }
        var v = await trail.VerifyAsync(default);
        Assert.True(v.IsIntact, v.Problem);
        // Without the rewind the third row would link to the rolled-back second one.
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity = 'instrument_response'"));
    }

    /// <summary>NDJSON of foreign patients (hospital identifiers), each with <paramref name="perPatient"/> pain scores.</summary>
    static (string Patients, string Responses) Foreign(int patients, int perPatient, int? badPatient = null)
    {
        var p = new StringBuilder();
        var r = new StringBuilder();
        for (var i = 0; i < patients; i++)
        {
            p.Append($$$"""{"resourceType":"Patient","id":"p{{{i}}}","identifier":[{"system":"https://hospital.example/mrn","value":"M{{{i}}}"}],"name":[{"family":"Park","given":["G{{{i}}}"]}],"gender":"female","birthDate":"1961-02-03","communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"en"}]}}]}""").Append('\n');
            for (var k = 0; k < perPatient; k++)
            {
                var nrs = i == badPatient && k == perPatient - 1 ? 11 : (i + k) % 11;
                r.Append($$$"""{"resourceType":"QuestionnaireResponse","id":"q{{{i}}}-{{{k}}}","identifier":{"system":"https://hospital.example/qr","value":"Q{{{i}}}-{{{k}}}"},"extension":[{"url":"{{{FhirCodes.ResponseModeExtension}}}","valueCoding":{"system":"{{{FhirCodes.ResponseMode}}}","code":"PAPER_TRANSCRIPTION"}},{"url":"{{{FhirCodes.ResponseTargetExtension}}}","valueCoding":{"system":"{{{FhirCodes.Target}}}","code":"KNEE_L"}},{"url":"{{{FhirCodes.ResponseVisitExtension}}}","valueCoding":{"system":"{{{FhirCodes.VisitCode}}}","code":"BASE"}}],"language":"en","questionnaire":"urn:orthoregen:questionnaire:PAIN_NRS","status":"completed","subject":{"reference":"Patient/p{{{i}}}"},"authored":"2026-01-{{{k + 1:00}}}","item":[{"linkId":"nrs","answer":[{"valueInteger":{{{nrs}}}}]}]}""").Append('\n');
            }
        }
        return (p.ToString(), r.ToString());
    }

    static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    [Theory, BothEngines]
    public async Task ImportNdjson_ManyBatches_AuditVerifiesAndReimportChangesNothing(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var import = db.Get<FhirImport>();
        var actor = await db.StaffAtMainSiteAsync(Roles.Admin, "admin.bulk");
        // 700 patients x 3 responses: two batches of responses (2,000 lines each), one patient with a bad answer.
        var (patients, responses) = Foreign(700, 3, badPatient: 350);
        async Task<FhirImportReport> RunAsync() => await import.ImportNdjsonAsync(actor,
            [("QuestionnaireResponse.ndjson", Text(responses)), ("Patient.ndjson", Text(patients))], null, default);
        await using var c = await db.Database.OpenAsync(default);
        var auditBefore = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log");

        var first = await RunAsync();

        Assert.Equal(699 + 699 * 3, first.Created); // patient 350 and its responses are one unit, refused whole
        var reject = Assert.Single(first.Rejects);
        Assert.Equal("QuestionnaireResponse.ndjson:1053.item[0].answer[0]", reject.Path);
        Assert.Equal(first.Created, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log") - auditBefore);
        Assert.Equal(first.Created, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers"));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM fhir_identifiers f JOIN record_heads h ON h.id = f.local_id WHERE f.value LIKE 'Q350-%'"));
        var v = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(v.IsIntact, v.Problem);

        var counts = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM record_heads");
        var again = await RunAsync();
        Assert.Equal(0, again.Created);
        Assert.Equal(first.Created, again.Unchanged);
        Assert.Equal(reject, Assert.Single(again.Rejects));
        Assert.Equal(counts, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM record_heads"));
        Assert.True((await db.Get<AuditTrail>().VerifyAsync(default)).IsIntact);
    }

    [Theory, BothEngines]
    public async Task ImportNdjson_DatabaseRefusesOneUnit_OnlyThatPatientIsLeftOutAndTheChainVerifies(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Admin, "admin.bulk");
        await using var c = await db.Database.OpenAsync(default);
        // A constraint the planning cannot see: the database refuses the mapping row of patient 1's second response.
        await c.ExecuteAsync(engine == DatabaseProvider.Sqlite
            ? "CREATE TRIGGER refuse_q11 BEFORE INSERT ON fhir_identifiers WHEN NEW.value = 'Q1-1' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
            : """
              CREATE FUNCTION refuse_q11() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.value = 'Q1-1' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_q11 BEFORE INSERT ON fhir_identifiers FOR EACH ROW EXECUTE FUNCTION refuse_q11();
              """);
        var (patients, responses) = Foreign(3, 2);

        var report = await db.Get<FhirImport>().ImportNdjsonAsync(actor,
            [("Patient.ndjson", Text(patients)), ("QuestionnaireResponse.ndjson", Text(responses))], null, default);

        Assert.Equal(2 * 3, report.Created);
        Assert.Equal(1, report.RejectedPatients);
        var reject = Assert.Single(report.Rejects);
        Assert.Equal("Patient.ndjson:2", reject.Path);
        Assert.Contains("refused by test", reject.Message);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers WHERE value IN ('M1', 'Q1-0', 'Q1-1')"));
        Assert.Equal(6, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers"));
        var v = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(v.IsIntact, v.Problem);
    }
}

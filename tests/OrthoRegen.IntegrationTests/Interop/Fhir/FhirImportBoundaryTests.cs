using System.Text;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>
/// All-or-nothing per patient across the NDJSON import's batches and files: a patient's Patient line is in
/// Patient.ndjson, its responses in QuestionnaireResponse.ndjson, and the lines are planned 2,000 at a time.
/// </summary>
public class FhirImportBoundaryTests
{
    /// <summary>NDJSON of foreign patients with three pain scores each; <paramref name="badPatient"/>'s last answer is out of range.</summary>
    static (string Patients, string Responses) Foreign(int patients, int? badPatient)
    {
        var p = new StringBuilder();
        var r = new StringBuilder();
        for (var i = 0; i < patients; i++)
        {
            p.Append($$$"""{"resourceType":"Patient","id":"p{{{i}}}","identifier":[{"system":"https://hospital.example/mrn","value":"M{{{i}}}"}],"name":[{"family":"Park","given":["G{{{i}}}"]}],"gender":"female","birthDate":"1961-02-03","communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"en"}]}}]}""").Append('\n');
            for (var k = 0; k < 3; k++)
            {
                var nrs = i == badPatient && k == 2 ? 11 : (i + k) % 11;
                r.Append($$$"""{"resourceType":"QuestionnaireResponse","id":"q{{{i}}}-{{{k}}}","identifier":{"system":"https://hospital.example/qr","value":"Q{{{i}}}-{{{k}}}"},"extension":[{"url":"{{{FhirCodes.ResponseModeExtension}}}","valueCoding":{"system":"{{{FhirCodes.ResponseMode}}}","code":"PAPER_TRANSCRIPTION"}},{"url":"{{{FhirCodes.ResponseTargetExtension}}}","valueCoding":{"system":"{{{FhirCodes.Target}}}","code":"KNEE_L"}},{"url":"{{{FhirCodes.ResponseVisitExtension}}}","valueCoding":{"system":"{{{FhirCodes.VisitCode}}}","code":"BASE"}}],"language":"en","questionnaire":"urn:orthoregen:questionnaire:PAIN_NRS","status":"completed","subject":{"reference":"Patient/p{{{i}}}"},"authored":"2026-01-{{{k + 1:00}}}","item":[{"linkId":"nrs","answer":[{"valueInteger":{{{nrs}}}}]}]}""").Append('\n');
            }
        }
        return (p.ToString(), r.ToString());
    }

    static Stream Text(string s) => new MemoryStream(Encoding.UTF8.GetBytes(s));

    // 700 patients: the Patient lines and the first 1,300 response lines are the first batch; patient 600's responses
    // (response lines 1,801-1,803) are in the second.
    const int Patients = 700, Bad = 600;

    [Theory, BothEngines]
    public async Task ImportNdjson_BadResponseInALaterBatch_NothingOfThatPatientIsWritten(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Admin, "admin.bulk");
        await using var c = await db.Database.OpenAsync(default);
        var auditBefore = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log");
        var (patients, responses) = Foreign(Patients, Bad);

        var report = await db.Get<FhirImport>().ImportNdjsonAsync(actor,
            [("Patient.ndjson", Text(patients)), ("QuestionnaireResponse.ndjson", Text(responses))], null, default);

        var reject = Assert.Single(report.Rejects);
        Assert.Equal("QuestionnaireResponse.ndjson:1803.item[0].answer[0]", reject.Path);
        Assert.Equal(Patients, report.Patients); // a patient whose lines span both batches counts once
        Assert.Equal(1, report.RejectedPatients);
        Assert.Equal((Patients - 1) * 4, report.Created);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers WHERE value = 'M600' OR value LIKE 'Q600-%'"));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM patient_versions WHERE given_name = 'G600'"));
        Assert.Equal((Patients - 1) * 4, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers"));
        Assert.Equal(report.Created, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log") - auditBefore);
        var v = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(v.IsIntact, v.Problem);
        // The stored JSON columns are exactly what the response store writes for the same answers and score.
        foreach (var (items, scores) in await c.QueryAsync<(string, string)>("SELECT items, scores FROM instrument_response_versions ORDER BY id LIMIT 3"))
        {
            var answers = InstrumentJson.ReadItems(items);
            Assert.Equal(InstrumentJson.WriteItems(answers), items);
            Assert.Equal(InstrumentJson.ToJson(db.Get<InstrumentCatalog>().Score(new InstrumentRequest("PAIN_NRS", answers))), scores);
        }

        // Fixed at the source, the same files import the rest of that patient and nothing else.
        var (_, fixedResponses) = Foreign(Patients, null);
        var again = await db.Get<FhirImport>().ImportNdjsonAsync(actor,
            [("QuestionnaireResponse.ndjson", Text(fixedResponses)), ("Patient.ndjson", Text(patients))], null, default);
        Assert.True(again.Ok, string.Join("; ", again.Rejects.Select(x => x.Path + " " + x.Message)));
        Assert.Equal(4, again.Created);
        Assert.Equal((Patients, 0), (again.Patients, again.RejectedPatients));
        Assert.Equal(Patients * 4, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers"));
    }

    [Theory, BothEngines]
    public async Task ImportNdjson_DatabaseRefusesALaterBatchRow_NothingOfThatPatientIsWritten(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Admin, "admin.bulk");
        await using var c = await db.Database.OpenAsync(default);
        await c.ExecuteAsync(engine == DatabaseProvider.Sqlite
            ? "CREATE TRIGGER refuse_q600 BEFORE INSERT ON fhir_identifiers WHEN NEW.value = 'Q600-1' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;"
            : """
              CREATE FUNCTION refuse_q600() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.value = 'Q600-1' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$;
              CREATE TRIGGER refuse_q600 BEFORE INSERT ON fhir_identifiers FOR EACH ROW EXECUTE FUNCTION refuse_q600();
              """);
        var (patients, responses) = Foreign(Patients, null);

        var report = await db.Get<FhirImport>().ImportNdjsonAsync(actor,
            [("Patient.ndjson", Text(patients)), ("QuestionnaireResponse.ndjson", Text(responses))], null, default);

        var reject = Assert.Single(report.Rejects);
        Assert.Contains("refused by test", reject.Message);
        Assert.StartsWith("QuestionnaireResponse.ndjson:", reject.Path);
        Assert.Equal(1, report.RejectedPatients);
        Assert.Equal((Patients - 1) * 4, report.Created);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers WHERE value = 'M600' OR value LIKE 'Q600-%'"));
        Assert.Equal((Patients - 1) * 4, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers"));
        var v = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(v.IsIntact, v.Problem);
    }
}

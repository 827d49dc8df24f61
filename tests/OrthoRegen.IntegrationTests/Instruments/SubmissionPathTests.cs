using System.Text.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Instruments;

/// <summary>
/// The submission's fast path (bench/http "Round 15"): it answers with the row it wrote instead of reading it back, and
/// checks visibility with one statement instead of loading the patient's view.
/// </summary>
public class SubmissionPathTests
{
    static SubmitResponse Koos() => new()
    {
        Instrument = "KOOS",
        Items = InstrumentCatalog.Default.Find("KOOS")!.Definition.Items.ToDictionary(i => i.Code, i => JsonSerializer.SerializeToElement(i.Code.Length % 5)),
        Language = "en", Mode = ResponseModes.ClinicTablet, VisitCode = "M3", Target = "KNEE_L", CompletedOn = "2026-06-01",
    };

    [Theory, BothEngines]
    public async Task Submit_AnswersExactlyTheStoredResponse(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        // A clock with ticks below the microsecond: the answer must still equal what PostgreSQL keeps.
        db.Clock.Advance(TimeSpan.FromTicks(1234567));
        var actor = await db.StaffAtMainSiteAsync();
        var patient = await db.RegisterPatientAsync(actor);
        var store = db.Get<ResponseStore>();

        var answered = Assert.IsType<Outcome<InstrumentResponse>.Done>(await store.SubmitAsync(actor, patient.Id, Koos(), default)).Value;
        var stored = Assert.Single((await store.VersionsAsync(actor, patient.Id, answered.Id, default))!);

        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Assert.Equal(JsonSerializer.Serialize(stored, web), JsonSerializer.Serialize(answered, web));
    }

    [Theory, BothEngines]
    public async Task IsVisible_DecidesAsLoadDoes(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync();
        var patient = await db.RegisterPatientAsync(actor);
        var patients = db.Get<PatientStore>();
        var elsewhere = new Actor("u-other", "dr.other", [Roles.Physician], false, ["site-elsewhere"], "127.0.0.1");
        var everywhere = new Actor("u-all", "dr.all", [Roles.Physician], true, [], "127.0.0.1");

        foreach (var (who, id) in new[] { (actor, patient.Id), (elsewhere, patient.Id), (everywhere, patient.Id), (actor, "01JZZZZZZZZZZZZZZZZZZZZZZZ"), (actor, "not an id") })
            Assert.Equal(await patients.LoadAsync(who, id, default) is not null, await patients.IsVisibleAsync(who, id, default));
        Assert.True(await patients.IsVisibleAsync(actor, patient.Id, default));
        Assert.False(await patients.IsVisibleAsync(elsewhere, patient.Id, default));
    }
}

using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Research;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Research;

/// <summary>The research export's consent rule: no current, not withdrawn consent to personal data processing, no row.</summary>
public class DatasetConsentTests
{
    [Theory, BothEngines]
    public async Task Export_LeavesOutPatientsWithoutConsent_AndThoseWhoWithdrew(DatabaseProvider engine)
    {
        await using var s = await ResearchSeed.CreateAsync(engine);
        var dr = s.Physician;
        var consents = s.Db.Get<ConsentStore>();
        var never = await s.Db.RegisterPatientAsync(dr, "Noh", "Consent", "MRN-NC-1");
        var withdrew = await s.Db.RegisterPatientAsync(dr, "Baek", "Withdrew", "MRN-NC-2");
        var consent = ResearchSeed.Done(await consents.RecordAsync(dr, withdrew.Id, ResearchSeed.ProcessingConsent("ko", "2026-05-01"), default));
        var dir = Directory.CreateTempSubdirectory("orthoregen-consent-").FullName;
        try
        {
            async Task<HashSet<string>> CodesAsync(IReadOnlyList<string>? cohort = null)
            {
                foreach (var f in Directory.GetFiles(dir)) File.Delete(f);
                ResearchSeed.Done(await s.Db.Get<DatasetExport>().ExportAsync(s.Researcher, new ExportDataset { Shape = "wide", Format = "csv", PatientIds = cohort },
                    new FolderSink(dir), default));
                return DatasetExportTests.Read(Path.Combine(dir, DatasetExport.DataFile)).Select(r => r["pseudonym_code"]).ToHashSet();
            }

            Assert.Equal(new[] { s.Hwang.PseudonymCode, s.Zhang.PseudonymCode, withdrew.PseudonymCode }.Order(), (await CodesAsync()).Order());
            ResearchSeed.Done(await consents.WithdrawAsync(dr, withdrew.Id, consent.Id, new WithdrawConsent { Version = consent.Version, WithdrawnAt = "2026-06-01T10:00:00Z", Reason = "Patient request" }, default));
            var codes = await CodesAsync();
            Assert.Equal(new[] { s.Hwang.PseudonymCode, s.Zhang.PseudonymCode }.Order(), codes.Order());
            Assert.DoesNotContain(never.PseudonymCode, codes);
            // A cohort naming them does not bring them back.
            Assert.Equal([s.Zhang.PseudonymCode], (await CodesAsync([s.Zhang.Id, never.Id, withdrew.Id])).ToArray());
            var dictionary = File.ReadAllText(Path.Combine(dir, DatasetExport.DictionaryFile));
            Assert.Contains("consent to personal data processing", dictionary);
        }
        finally { Directory.Delete(dir, true); }
    }
}

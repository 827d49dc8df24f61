using System.Net;
using System.Net.Http.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>
/// No patient data in logs: a server logging to its own file registers a patient with distinctive identifiers, runs the
/// pathway and a set of refused requests carrying those identifiers, and its log must mention none of them.
/// (test.sh does the same over the logs of the whole run, with tools/scan-logs.py.)
/// </summary>
public sealed class SecurityLogTests
{
    [Fact]
    public async Task Pathway_WithDistinctiveIdentifiers_LeavesNoneInTheLog()
    {
        var log = Path.Combine(Path.GetTempPath(), $"orthoregen-security-log-{Guid.NewGuid():N}.log");
        string[] identifiers = ["Qwozniak", "Xantheperil", "+82-10-7391-5526", "xanthe.qwozniak@example.org", "MRN-QX-77123", "880101-2934817"];
        try
        {
            await using (var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite, logFile: log))
            {
                var physician = await server.SignInAsAsync("dr.log", [Roles.Physician]);
                var registered = await physician.PostAsJsonAsync("/api/patients", new
                {
                    familyName = identifiers[0], givenName = identifiers[1], phone = identifiers[2], email = identifiers[3], recordNumber = identifiers[4],
                    nationalId = identifiers[5], birthDate = "1988-01-01", sex = "F", language = "en", heightCm = 165.0, weightKg = 60.0,
                });
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
                TestLog.RecordSeeded(identifiers);
                var id = (await registered.Content.ReadFromJsonAsync<OrthoRegenServer.IdOnly>())!.Id;
                (await physician.GetAsync($"/api/patients/{id}")).EnsureSuccessStatusCode();
                (await physician.GetAsync($"/api/patients?q={identifiers[0]}")).EnsureSuccessStatusCode();
                (await physician.GetAsync($"/patients/{id}")).EnsureSuccessStatusCode();
                // Refused: an invalid registration naming the patient, malformed JSON around a name, a wrong field type, an unknown field.
                Assert.Equal(HttpStatusCode.BadRequest, (await physician.PostAsJsonAsync("/api/patients", new
                {
                    familyName = identifiers[0], givenName = identifiers[1], recordNumber = identifiers[4], birthDate = "0000-00-00", sex = "F", language = "en",
                })).StatusCode);
                Assert.Equal(HttpStatusCode.BadRequest, (await physician.PostAsync("/api/patients",
                    new StringContent($"{{\"familyName\":\"{identifiers[0]}\",\"givenName\":", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
                Assert.Equal(HttpStatusCode.BadRequest, (await physician.PostAsync("/api/patients",
                    new StringContent($"{{\"familyName\":\"{identifiers[0]}\",\"heightCm\":\"{identifiers[2]}\"}}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
                Assert.Equal(HttpStatusCode.BadRequest, (await physician.PostAsync("/api/patients",
                    new StringContent($"{{\"{identifiers[3]}\":\"{identifiers[5]}\"}}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
                // The rest of the pathway on a second patient of the same server.
                await PathwaySetUp.ReadyPatientAsync(physician, "MRN-QX-77124");
                // A failed sign-in with a patient's name as the username.
                Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().PostAsJsonAsync("/api/session", new { username = identifiers[0], password = identifiers[3] })).StatusCode);
            }
            var text = await File.ReadAllTextAsync(log);
            Assert.Contains("Microsoft.Hosting.Lifetime", text); // the log is really written
            foreach (var identifier in identifiers)
                Assert.False(text.Contains(identifier, StringComparison.OrdinalIgnoreCase), $"the server log contains the identifier {identifier}");
        }
        finally
        {
            File.Delete(log);
        }
    }
}

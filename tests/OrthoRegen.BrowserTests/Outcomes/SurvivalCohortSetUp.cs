using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.FollowUp;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Outcomes;

/// <summary>
/// The survival views' cohort: a physician and a researcher, and one treated right knee per Day 0 (days ago) with its
/// follow-up schedule; the first knee is replaced <c>replacedDaysAgo</c> days ago.
/// </summary>
static class SurvivalCohortSetUp
{
    public static async Task SeedAsync(OrthoRegenServer server, string physician, string researcher, string mrnPrefix, int[] day0sAgo, int replacedDaysAgo)
    {
        var client = await server.SignInAsAsync(physician, [Roles.Physician]);
        await server.SignInAsAsync(researcher, [Roles.Researcher]);
        var followUp = server.Services.GetRequiredService<FollowUpStore>();
        var actor = new Actor("u-dr", physician, [Roles.Physician], true, [], "test set-up");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var i = 0; i < day0sAgo.Length; i++)
        {
            var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(client, $"{mrnPrefix}-{i}");
            var planId = await PathwaySetUp.KneePlanAsync(client, patientId, consentId);
            var start = Done(await followUp.StartAsync(actor, patientId, new StartSchedule
            {
                Target = "KNEE_R", Day0 = Day(today.AddDays(-day0sAgo[i])), PlanId = planId, TreatingPhysician = physician,
            }, default));
            if (i == 0)
                Done(await followUp.RecordEndpointAsync(actor, start.Schedule.Id, new RecordEndpoint
                {
                    Version = start.Schedule.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = Day(today.AddDays(-replacedDaysAgo)),
                }, default));
        }
    }

    static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new InvalidOperationException($"Set-up step failed: {o}");
}

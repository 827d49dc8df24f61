using OrthoRegen;
using OrthoRegen.Web.Accounts;
using OrthoRegen.Web.Assessment;
using OrthoRegen.Web.Audit;
using OrthoRegen.Web.Candidacy;
using OrthoRegen.Web.Consent;
using OrthoRegen.Web.CellLab;
using OrthoRegen.Web.Components;
using OrthoRegen.Web.FollowUp;
using OrthoRegen.Web.Hosting;
using OrthoRegen.Web.Instruments;
using OrthoRegen.Web.Patients;
using OrthoRegen.Web.PreScreening;
using OrthoRegen.Web.Research;
using OrthoRegen.Web.Treatment;
using OrthoRegen.Web.Safety;
using OrthoRegen.Web.Administration;
using OrthoRegen.Web.Interop;
using OrthoRegen.Web.Portal;
using OrthoRegen.Web.Outcomes;
using OrthoRegen.Web.Evidence;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOrthoRegen(builder.Configuration);   // Core: data, clock, slice stores and rules
builder.AddOrthoRegenWeb();                               // auth, policies, problem details, localization, limits
builder.Services.AddPortalWeb(builder.Configuration);     // portal: outbox key ring, page rate limit, patient language, auto-issue timer

var app = builder.Build();
await app.PrepareDatabaseAsync();                         // migrations (unless switched off) and the first admin

app.UseOrthoRegenPipeline();
app.MapHealth();
app.MapAccounts();
app.MapAccountPages();
app.MapPatients();
app.MapAssessments();
app.MapCandidacy();
app.MapInstruments();
app.MapTreatment();
app.MapSafety();
app.MapCellLab();
app.MapFollowUp();
app.MapAdministration();
app.MapPreScreening();
app.MapPortal();
app.MapOutcomes();
app.MapEConsent();
app.MapOutcomesSurvival();
app.MapAudit();
app.MapFhir();
app.MapResearch();
app.MapEvidence();
app.MapOpenApi().AllowAnonymous();
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>();
app.Run();

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

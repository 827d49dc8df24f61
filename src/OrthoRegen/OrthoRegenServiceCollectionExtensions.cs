using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Evidence;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Patients;
using OrthoRegen.Research;
using OrthoRegen.Portal;
using OrthoRegen.Safety;

namespace OrthoRegen;

/// <summary>Registers Core: the database, the clock and every slice's stores and rules.</summary>
public static class OrthoRegenServiceCollectionExtensions
{
    public static IServiceCollection AddOrthoRegen(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(DatabaseOptions.FromConfiguration(configuration));
        services.AddSingleton<Database>();
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SiteStore>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddPatients();
        services.AddAssessment();
        services.AddCandidacy(configuration);
        services.AddInstruments(configuration);
        services.AddTreatment(configuration);
        services.AddSafety(configuration);
        services.AddCellLab(configuration);
        services.AddFollowUp(configuration);
        services.AddAdministration();
        services.AddPreScreening(configuration);
        services.AddDemo();
        services.AddFhirInterop();
        services.AddResearch();
        services.AddPortal(configuration);
        services.AddOutcomes();
        services.AddEvidence();
        services.AddEConsent(configuration);
        services.AddOutcomesSurvival(configuration);
        services.AddAccounts(configuration);
        return services;
    }

    public static IServiceCollection AddPatients(this IServiceCollection services) =>
        services.AddSingleton<PatientStore>().AddSingleton<ConsentStore>().AddSingleton<ComorbidityStore>().AddSingleton<PatientTimeline>();

    public static IServiceCollection AddAssessment(this IServiceCollection services) =>
        services.AddSingleton<AssessmentStore>();

    /// <summary>
    /// The instrument catalog (INSTRUMENTS.md defaults, or the MCID/PASS thresholds of <c>Instruments:ThresholdsFile</c>),
    /// the clinic's licensed wordings (<c>Instruments:LicensedWordingsFolder</c>) and the response store. A bad file
    /// stops start-up with every problem listed.
    /// </summary>
    public static IServiceCollection AddInstruments(this IServiceCollection services, IConfiguration configuration)
    {
        var catalog = InstrumentCatalog.Default;
        if (configuration["Instruments:ThresholdsFile"] is { Length: > 0 } thresholds)
            catalog = catalog.WithThresholds(InstrumentThresholds.FromFile(thresholds, catalog));
        var wordings = configuration["Instruments:LicensedWordingsFolder"] is { Length: > 0 } folder
            ? LicensedWordingLibrary.FromFolder(folder, catalog)
            : LicensedWordingLibrary.Empty;
        return services.AddSingleton(catalog).AddSingleton(wordings).AddSingleton<ResponseStore>();
    }

    /// <summary>Candidacy thresholds come from <c>Candidacy:RulesFile</c> when set, else the embedded defaults.</summary>
    public static IServiceCollection AddCandidacy(this IServiceCollection services, IConfiguration configuration)
    {
        var thresholds = SettingsFile.Load(configuration, "Candidacy:RulesFile", CandidacyThresholds.Default, CandidacyThresholds.Parse);
        return services.AddSingleton(new CandidacyRules(thresholds)).AddSingleton<CandidacyStore>();
    }
}

using OrthoRegen.Accounts;

namespace OrthoRegen.Web.Hosting;

/// <summary>
/// Named authorization policies. Every endpoint group declares one; anything that declares none still requires a
/// signed-in user (the fallback policy), and anonymous access is opted into explicitly.
/// </summary>
public static class Policies
{
    public const string Staff = "Staff";
    public const string ClinicalRead = "ClinicalRead";
    public const string ClinicalWrite = "ClinicalWrite";
    public const string CandidacyDecide = "CandidacyDecide";
    public const string Admin = "Admin";
    public const string TreatmentRead = "TreatmentRead";
    public const string TreatmentWrite = "TreatmentWrite";
    public const string CellLab = "CellLab";
    public const string LotRelease = "LotRelease";
    public const string FollowUp = "FollowUp";
    public const string AdverseEventCapture = "AdverseEventCapture";
    public const string SafetyReporting = "SafetyReporting";
    public const string Outcomes = "Outcomes";
    public const string Evidence = "Evidence";
    public const string SignalReview = "SignalReview";
    public const string DataExchange = "DataExchange";

    public static IServiceCollection AddOrthoRegenAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(ClinicalRead, p => p.RequireRole(Roles.ReadClinical))
            .AddPolicy(ClinicalWrite, p => p.RequireRole(Roles.WriteClinical))
            .AddPolicy(CandidacyDecide, p => p.RequireRole(Roles.DecideCandidacy))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(TreatmentRead, p => p.RequireRole(Roles.ReadTreatment))
            .AddPolicy(TreatmentWrite, p => p.RequireRole(Roles.PlanTreatment))
            .AddPolicy(CellLab, p => p.RequireRole(Roles.CellLabWork))
            .AddPolicy(LotRelease, p => p.RequireRole(Roles.ReleaseLots))
            .AddPolicy(FollowUp, p => p.RequireRole(Roles.FollowUpWork))
            .AddPolicy(AdverseEventCapture, p => p.RequireRole(Roles.CaptureAdverseEvents))
            .AddPolicy(SafetyReporting, p => p.RequireRole(Roles.ReportSafety))
            .AddPolicy(Outcomes, p => p.RequireRole(Roles.AnalyseOutcomes))
            .AddPolicy(Evidence, p => p.RequireRole(Roles.ReviewEvidence))
            .AddPolicy(SignalReview, p => p.RequireRole(Roles.ReviewSignals))
            .AddPolicy(DataExchange, p => p.RequireRole(Roles.ExchangeData));
        return services;
    }
}

using OrthoRegen.Audit;
using OrthoRegen.Patients;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Audit;

/// <summary>Audit trail for administrators: chain verification and a patient's access history.</summary>
public static class AuditEndpoints
{
    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Admin);
        api.MapGet("/verify", Verify);
        api.MapGet("/patients/{id}", ForPatient);
    }

    static async Task<IResult> Verify(AuditTrail audit, CancellationToken ct) => TypedResults.Ok(await audit.VerifyAsync(ct));

    static async Task<IResult> ForPatient(string id, int? limit, AuditTrail audit, PatientStore patients, HttpContext http, CancellationToken ct) =>
        await patients.LoadAsync(http.Actor(), id, ct) is null
            ? HttpOutcomes.NotFound()
            : TypedResults.Ok(await audit.ForPatientAsync(id, Math.Clamp(limit ?? 200, 1, 1000), ct));
}

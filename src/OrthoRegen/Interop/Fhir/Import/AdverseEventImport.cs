using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Safety;

namespace OrthoRegen.Interop.Fhir;

/// <summary>The extension of an AdverseEvent; documented in FHIR_EXTENSIONS.md.</summary>
public static class AdverseEventExtensions
{
    /// <summary>
    /// What the adverse event store records that R4 has no element for. Sub-extension urls are the fields of
    /// <see cref="RecordAdverseEvent"/>: ctcaeTerm, ctcaeVersion, resolved, seriousnessCriteria (repeated), seriousnessAssessed,
    /// relatedToProduct, relatedToProcedure, action, awareDate, reporter, cellSource, route, pathway. Dates are YYYY-MM-DD strings.
    /// </summary>
    public static readonly string Detail = FhirCodes.Extension("adverse-event-detail");

    public static FhirDetail DetailOf(string? ctcaeTerm, string ctcaeVersion, DateOnly? resolved, IEnumerable<string> criteria, bool seriousnessAssessed,
        string relatedToProduct, string relatedToProcedure, string action, DateOnly awareDate, string reporter, string? cellSource, string? route, string? pathway) =>
        FhirDetail.Of(Detail, [("ctcaeTerm", ctcaeTerm), ("ctcaeVersion", ctcaeVersion), ("resolved", resolved is { } r ? FhirWrite.Date(r) : null),
            .. criteria.Select(c => ("seriousnessCriteria", (object?)c)), ("seriousnessAssessed", seriousnessAssessed), ("relatedToProduct", relatedToProduct),
            ("relatedToProcedure", relatedToProcedure), ("action", action), ("awareDate", FhirWrite.Date(awareDate)), ("reporter", reporter),
            ("cellSource", cellSource), ("route", route), ("pathway", pathway)]);
}

/// <summary>
/// AdverseEvent → adverse event record. The event is checked with <see cref="AdverseEventAssessment.Validate"/> (the rules of
/// <see cref="AdverseEventStore.RecordAsync"/>: A2, A6 against the patient's first consent in the import or the registry),
/// its administration linked with <see cref="AdverseEventStore.LinkAdministrationAsync"/>, and derived (A1, A3-A5) with the
/// registry's safety rules; the exported seriousness must agree with the criteria. A SUSAR gets the reports
/// <see cref="ReportingClock.Required"/> lists, with due dates from the carried awareness date and pathway, so the clocks come
/// out as in the source registry. The reports themselves travel in their current version (submitted, no longer required;
/// <see cref="CheckReports"/>), so a report submitted in the source is submitted here.
/// </summary>
public sealed partial class FhirImport
{
    async Task<List<(Entry Entry, string Path, string Message)>> CheckAdverseEventsAsync(FhirImportBatch batch, Actor actor, List<Planned> unit,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var problems = new List<(Entry, string, string)>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var i = 0; i < unit.Count; i++)
        {
            if (unit[i] is not { Fate: Fate.Create, Record: FhirAdverseEvent x } p) continue;
            var en = p.Entry;
            if (x.Detail is not { } d) { problems.Add((en, en.Path + ".extension", FhirMessages.MissingExtension(AdverseEventExtensions.Detail))); continue; }
            var before = problems.Count;
            var patient = await LocalIdAsync(batch, actor, "Patient", x.PatientId, pending, local, ct);
            if (patient is null) continue; // refused by the patient check
            string? administration = null, lot = null;
            if (x.AdministrationId is not null && (administration = await LocalIdAsync(batch, actor, "Procedure", x.AdministrationId, pending, local, ct)) is null)
                problems.Add((en, en.Path + ".suspectEntity[0].instance.reference", FhirMessages.Dangling("Procedure/" + x.AdministrationId)));
            if (x.LotId is not null && (lot = await LocalIdAsync(batch, actor, "BiologicallyDerivedProduct", x.LotId, pending, local, ct)) is null)
                problems.Add((en, SuspectLotPath(en), FhirMessages.Dangling("BiologicallyDerivedProduct/" + x.LotId)));
            if (problems.Count > before) continue;

            // The consents the rules read: this import's and, for a patient already in the registry, the recorded ones.
            var consents = PlanContextOf(unit.Select(u => u.Record), x.PatientId).Consents.ToList();
            if (await batch.ExistsAsync(patient)) consents.AddRange(await ConsentStore.ListAsync(batch.Connection, batch.Transaction, patient, ct));
            var request = new RecordAdverseEvent
            {
                Term = x.Term, MeddraPt = x.MeddraPt, CtcaeTerm = d["ctcaeTerm"], CtcaeVersion = d["ctcaeVersion"], Grade = x.Grade,
                Onset = FhirWrite.Date(x.Onset), Resolved = d["resolved"], Outcome = x.Outcome, SeriousnessCriteria = [.. d.All("seriousnessCriteria")],
                SeriousnessAssessed = d.Flag("seriousnessAssessed") ?? false, RelatedToProduct = d["relatedToProduct"], RelatedToProcedure = d["relatedToProcedure"],
                Action = d["action"], AwareDate = d["awareDate"], Reporter = d["reporter"], AdministrationId = administration, LotId = lot,
                CellSource = d["cellSource"], Route = d["route"], Pathway = d["pathway"],
            };
            var (data, errors) = AdverseEventAssessment.Validate(request, today, AdverseEventStore.FirstConsentOn(consents), actor.Username);
            if (data is not null && administration is not null && await batch.ExistsAsync(administration))
            {
                // An administration recorded in the registry: the event takes its lot, cell source and route (they must agree).
                var linked = await AdverseEventStore.LinkAdministrationAsync(batch.Connection, batch.Transaction, patient, data, ct);
                if (linked is Outcome<AdverseEventData>.Invalid bad)
                    foreach (var (field, messages) in bad.Errors) foreach (var m in messages) errors.Add(field, m);
                else data = ((Outcome<AdverseEventData>.Done)linked).Value;
            }
            foreach (var (field, m) in errors.Messages) problems.Add((en, AdverseEventPath(en, field), m));
            if (data is null || problems.Count > before) continue;
            data = data with { Pathway = data.Pathway ?? consents.OrderByDescending(c => c.SignedAt).FirstOrDefault(c => c.IsValid)?.Pathway };
            var derived = aeAssessment.Derive(data);
            if (derived.Serious != x.Serious)
            {
                problems.Add((en, en.Path + ".seriousness", FhirMessages.BadValue(
                    $"Says {(x.Serious ? "serious" : "non-serious")}, but the seriousness criteria make it {(derived.Serious ? "serious" : "non-serious")} (rule A1).")));
                continue;
            }
            var reports = CheckReports(en, x, ReportingClock.Required(aeAssessment.Rules, derived, data.AwareDate, data.Pathway), data.AwareDate, clock.GetUtcNow(), problems);
            if (problems.Count > before) continue;
            var valid = data;
            unit[i] = p with { Write = (c, tx, b, _, now, by) => WriteAdverseEventAsync(c, tx, b, actor, p.LocalId, local[("Patient", x.PatientId)], valid, derived, reports, now, by, ct) };
        }
        return problems;
    }

    static string SuspectLotPath(Entry en)
    {
        var r = new FhirRead(new FieldErrors(), en.Path, _ => null);
        r.Extension(en.Resource, FhirCodes.SuspectProduct, out var at);
        return $"{en.Path}.{at}.valueReference.reference";
    }

    /// <summary>Where a field of the store's request sits in the AdverseEvent resource.</summary>
    static string AdverseEventPath(Entry en, string field) => field switch
    {
        "term" or "meddraPt" => en.Path + ".event",
        "grade" => en.Path + ".severity",
        "onset" => en.Path + ".date",
        "outcome" => en.Path + ".outcome",
        "administrationId" => en.Path + ".suspectEntity[0].instance.reference",
        "lotId" => SuspectLotPath(en),
        _ => FhirDetail.PathOf(en.Resource, en.Path, AdverseEventExtensions.Detail, 0, field),
    };

    /// <summary>Writes the event as version 1 (source import) and its reports (<see cref="CheckReports"/>), each audited.</summary>
    async Task<(string Kind, string PatientId)> WriteAdverseEventAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, Actor actor, string id,
        string patientId, AdverseEventData data, AdverseEventDerivation derived, List<CarriedReport> reports, DateTimeOffset now, string by, CancellationToken ct)
    {
        await batch.Head.ExecuteAsync(ct, id, AdverseEventStore.Kind, patientId, now, by);
        await c.ExecuteAsync(new CommandDefinition(AdverseEventStore.InsertSql,
            AdverseEventStore.RowOf(id, 1, patientId, data, derived, aeAssessment.Rules.Version, by, now, null, RecordSource.Import), tx, cancellationToken: ct));
        foreach (var report in reports) await WriteReportAsync(c, tx, batch, actor, Ids.New(clock), id, patientId, report, now, by, ct);
        return (AdverseEventStore.Kind, patientId);
    }
}

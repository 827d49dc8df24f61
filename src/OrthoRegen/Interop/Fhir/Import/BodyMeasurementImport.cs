using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Vital-signs Observation (body weight, body height) → body measurement, checked with
/// <see cref="PatientStore.ValidateMeasurement"/>, the rules of <see cref="PatientStore.RecordMeasurementAsync"/>. The
/// export writes a measurement holding both values as two Observations (<c>{id}-height</c>, <c>{id}-weight</c>); the
/// import puts the two back into one record when they come in the same unit with the same date. The recipient weight the
/// lot release rules read (the endotoxin limit per kg) and the plan's weight (<c>careplan-weight</c>) are fed from here.
/// </summary>
public sealed partial class FhirImport
{
    static bool CreatesMeasurement(IFhirRecord record) => record is FhirObservation { Kind: ObservationKind.VitalSign };

    /// <summary>The id a sibling Observation of the same measurement (same source record, same date) was planned under, or null.</summary>
    static string? SiblingMeasurementId(IFhirRecord record, IReadOnlyList<Planned> planned) =>
        record is FhirObservation { Kind: ObservationKind.VitalSign } o && Sibling(o, planned) is { } s ? s.LocalId : null;

    static Planned? Sibling(FhirObservation o, IReadOnlyList<Planned> planned)
    {
        var source = MeasurementSource(o);
        return planned.FirstOrDefault(p => p is { Fate: Fate.Create, Record: FhirObservation { Kind: ObservationKind.VitalSign } x }
            && x.PatientId == o.PatientId && x.Code != o.Code && x.Effective == o.Effective && MeasurementSource(x) == source);
    }

    static string MeasurementSource(FhirObservation o)
    {
        var suffix = FhirVitalSigns.Suffix(o.Code);
        return o.Id.EndsWith(suffix, StringComparison.Ordinal) ? o.Id[..^suffix.Length] : o.Id;
    }

    /// <summary>The measurement store's rules on one Observation; the write of the measurement it belongs to (or nothing, for the second of a pair).</summary>
    ProductWrite? CheckMeasurement(IFhirRecord record, Entry en, string localId, IReadOnlyList<Planned> planned,
        Dictionary<(string, string), string> local, FieldErrors e)
    {
        var o = (FhirObservation)record;
        var weight = o.Code == FhirVitalSigns.Weight;
        var f = new FieldErrors();
        PatientStore.ValidateMeasurement(f, new RecordBodyMeasurement
        {
            MeasuredOn = FhirWrite.Date(o.Effective), WeightKg = weight ? (double?)o.Value : null, HeightCm = weight ? null : (double?)o.Value,
        }, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        foreach (var (field, m) in f.Messages) e.Add(en.Path + (field == "measuredOn" ? ".effectiveDateTime" : ".valueQuantity.value"), m);
        if (!e.IsEmpty) return null;
        if (Sibling(o, planned) is not null)
            return (_, _, _, _, _, _) => Task.FromResult((PatientStore.MeasurementKind, local[("Patient", o.PatientId)]));
        return async (c, tx, b, _, at, by) =>
        {
            // The pair is complete by the time the unit is written.
            var pair = planned.Where(p => p.LocalId == localId).Select(p => p.Record).OfType<FhirObservation>().ToList();
            var patient = local[("Patient", o.PatientId)];
            await b.Head.ExecuteAsync(default, localId, PatientStore.MeasurementKind, patient, at, by);
            await c.ExecuteAsync(PatientStore.InsertMeasurement, new
            {
                Id = localId, PatientId = patient, MeasuredOn = o.Effective,
                HeightCm = (double?)pair.FirstOrDefault(x => x.Code == FhirVitalSigns.Height)?.Value,
                WeightKg = (double?)pair.FirstOrDefault(x => x.Code == FhirVitalSigns.Weight)?.Value,
                RecordedBy = by, RecordedAt = at, Source = Data.RecordSource.Import,
            }, tx);
            return (PatientStore.MeasurementKind, patient);
        };
    }

    const string RecordedWeightsSql = """
        SELECT m.measured_on AS MeasuredOn, m.weight_kg AS WeightKg, m.recorded_at AS RecordedAt
        FROM body_measurement_versions m JOIN record_heads h ON h.id = m.id AND h.current_version = m.version
        WHERE m.patient_id = @patientId AND m.weight_kg IS NOT NULL AND NOT m.entered_in_error
        """;

    /// <summary>
    /// The recipient's weight as the lot release rules read it when the decision was taken: the latest weight measured on or
    /// before the decision's day (<see cref="TreatmentPlanRules.LatestWeight"/>), from the unit's weight Observations and,
    /// for a patient already in the registry, its recorded measurements. Null when none.
    /// </summary>
    static async Task<double?> RecipientWeightAsync(FhirImportBatch batch, string? patientId, DateTimeOffset decidedAt,
        IReadOnlyList<Planned> planned, Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        if (patientId is null) return null;
        var day = DateOnly.FromDateTime(decidedAt.UtcDateTime);
        string? LocalOf(string? source) => source is null ? null : pending.GetValueOrDefault(("Patient", source)) ?? local.GetValueOrDefault(("Patient", source));
        var weights = planned.Select(p => p.Record).OfType<FhirObservation>()
            .Where(o => o is { Kind: ObservationKind.VitalSign, Code: FhirVitalSigns.Weight } && LocalOf(o.PatientId) == patientId)
            .Select(o => new BodyMeasurement { MeasuredOn = o.Effective, WeightKg = (double?)o.Value }).ToList();
        weights.AddRange(await batch.Connection.QueryAsync<BodyMeasurement>(new CommandDefinition(RecordedWeightsSql, new { patientId }, batch.Transaction, cancellationToken: ct)));
        return TreatmentPlanRules.LatestWeight(weights.Where(w => w.MeasuredOn <= day))?.WeightKg;
    }

    /// <summary>
    /// The plan's weight from <c>careplan-weight</c> as the plan rules' latest weight, so cells/kg and the dose warning come
    /// out as <see cref="TreatmentPlanStore"/> computes them; the weight is checked with the measurement rules.
    /// </summary>
    static BodyMeasurement? PlanWeight(FhirCarePlan x, Entry en, List<(Entry, string, string)> problems, DateOnly today)
    {
        if (x.WeightKg is not { } kg || x.WeightMeasuredOn is not { } on) return null;
        var f = new FieldErrors();
        PatientStore.ValidateMeasurement(f, new RecordBodyMeasurement { MeasuredOn = FhirWrite.Date(on), WeightKg = (double)kg }, today);
        foreach (var (field, m) in f.Messages) problems.Add((en, en.Path + ".extension", $"{FhirVitalSigns.PlanWeight} {field}: {m}"));
        return f.IsEmpty ? new BodyMeasurement { MeasuredOn = on, WeightKg = (double)kg } : null;
    }
}

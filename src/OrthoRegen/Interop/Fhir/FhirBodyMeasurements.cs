using System.Data.Common;
using Dapper;

namespace OrthoRegen.Interop.Fhir;

/// <summary>The export side of body measurements: each current measurement as a height and/or a weight vital-signs Observation.</summary>
public sealed partial class FhirStore
{
    static readonly string BodyMeasurementSql = """
        SELECT m.id AS Id, m.measured_on AS MeasuredOn, m.height_cm AS HeightCm, m.weight_kg AS WeightKg
        FROM body_measurement_versions m
        """ + Current("m") + " WHERE m.patient_id = @patientId AND NOT m.entered_in_error ORDER BY m.measured_on, m.id";

    /// <summary>The patient's measurements, oldest first; a measurement with both values is two Observations (height, then weight).</summary>
    static async Task<IEnumerable<FhirObservation>> BodyMeasurementsAsync(DbConnection c, string patientId, CancellationToken ct)
    {
        var list = new List<FhirObservation>();
        foreach (var m in await c.QueryAsync<MeasurementRow>(new CommandDefinition(BodyMeasurementSql, new { patientId }, cancellationToken: ct)))
            foreach (var (code, value) in new[] { (FhirVitalSigns.Height, m.HeightCm), (FhirVitalSigns.Weight, m.WeightKg) })
                if (value is { } v)
                    list.Add(new FhirObservation(m.Id + FhirVitalSigns.Suffix(code), patientId, ObservationKind.VitalSign, code, m.MeasuredOn, (decimal)v,
                        FhirVitalSigns.Codes[code].Unit, null, null, null, null));
        return list;
    }

    sealed record MeasurementRow
    {
        public string Id { get; init; } = "";
        public DateOnly MeasuredOn { get; init; }
        public double? HeightCm { get; init; }
        public double? WeightKg { get; init; }
    }
}

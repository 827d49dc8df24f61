using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;

namespace OrthoRegen.Interop.Fhir;

/// <summary>The extension of an AIS grade Observation; documented in FHIR_EXTENSIONS.md.</summary>
public static class IsncsciExam
{
    /// <summary>
    /// The rest of the ISNCSCI exam the AIS grade was read on, sub-extensions named as the fields of <see cref="ImagingReadInput"/>:
    /// modality, reader, level, neurologicalLevel, uems, lems, lightTouch, pinPrick.
    /// </summary>
    public static readonly string Url = FhirCodes.Extension("isncsci-exam");
}

/// <summary>
/// Observation (AIS_GRADE) → imaging read carrying the ISNCSCI exam (where the assessment store keeps the AIS grade the
/// candidacy rules read). Checked with <see cref="AssessmentValidation.ValidateRead"/>, the rules of an assessment's
/// imaging read; stored unlinked to the assessment, as the KL and Pfirrmann grades are.
/// </summary>
public sealed partial class FhirImport
{
    const string InsertExamRead = """
        INSERT INTO imaging_read_versions (id, version, patient_id, target, level, modality, read_on, reader, ais_grade, neurological_level,
            uems, lems, light_touch, pin_prick, recorded_by, recorded_at, source)
        VALUES (@Id, 1, @PatientId, @Target, @Level, @Modality, @ReadOn, @Reader, @AisGrade, @NeurologicalLevel,
            @Uems, @Lems, @LightTouch, @PinPrick, @By, @At, 'import')
        """;

    List<(Entry Entry, string Path, string Message)> CheckIsncsciExams(List<Planned> unit, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var problems = new List<(Entry, string, string)>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var i = 0; i < unit.Count; i++)
        {
            if (unit[i] is not { Fate: Fate.Create, Record: FhirObservation { Code: "AIS_GRADE" } x } p) continue;
            var en = p.Entry;
            if (x.Target is null) { problems.Add((en, en.Path + ".bodySite", FhirMessages.Required)); continue; }
            var d = x.Detail ?? new FhirDetail(IsncsciExam.Url, ValueList<FhirField>.Empty);
            var e = new FieldErrors();
            var read = AssessmentValidation.ValidateRead(e, "read", new ImagingReadInput
            {
                Modality = d["modality"], ReadOn = FhirWrite.Date(x.Effective), Reader = d["reader"], Level = d["level"], AisGrade = x.ValueCode,
                NeurologicalLevel = d["neurologicalLevel"], Uems = d.Integer("uems"), Lems = d.Integer("lems"), LightTouch = d.Integer("lightTouch"),
                PinPrick = d.Integer("pinPrick"),
            }, null, x.Target, today);
            foreach (var (field, m) in e.Messages)
            {
                var name = field["read.".Length..];
                problems.Add((en, name switch
                {
                    "aisGrade" => en.Path + ".valueCodeableConcept",
                    "readOn" => en.Path + ".effectiveDateTime",
                    _ => FhirDetail.PathOf(en.Resource, en.Path, IsncsciExam.Url, 0, name),
                }, name is "aisGrade" or "readOn" ? m : $"{name}: {m}"));
            }
            if (read is null) continue;
            if (read.AisGrade is null) { problems.Add((en, en.Path + ".valueCodeableConcept", FhirMessages.Required)); continue; }
            unit[i] = p with
            {
                Write = async (c, tx, batch, _, now, by) =>
                {
                    var patientId = local[("Patient", x.PatientId)];
                    await batch.Head.ExecuteAsync(ct, p.LocalId, AssessmentStore.ReadKind, patientId, now, by);
                    await c.ExecuteAsync(new CommandDefinition(InsertExamRead, new
                    {
                        Id = p.LocalId, PatientId = patientId, read.Target, read.Level, read.Modality, read.ReadOn, read.Reader, read.AisGrade,
                        read.NeurologicalLevel, read.Uems, read.Lems, read.LightTouch, read.PinPrick, By = by, At = now,
                    }, tx, cancellationToken: ct));
                    return (AssessmentStore.ReadKind, patientId);
                },
            };
        }
        return problems;
    }
}

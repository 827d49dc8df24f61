using System.Globalization;
using System.Text;
using System.Text.Json;
using OrthoRegen.Assessment;
using OrthoRegen.CellLab;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Treatment;
using static OrthoRegen.Interop.Fhir.FhirWrite;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Hand-written FHIR R4 JSON mappers, record ↔ resource, one pair per resource type. <see cref="Write"/> produces the
/// resource; <see cref="Read"/> reads it back into the same record, or collects each problem under its JSON path.
/// Questionnaires are written by <see cref="FhirQuestionnaire"/> (one per instrument definition) and read back as a
/// <see cref="FhirQuestionnaireShape"/>.
/// </summary>
public static class FhirMapper
{
    /// <summary>The resource as JSON text (for tests, the API and NDJSON lines).</summary>
    public static string ToJson(IFhirRecord record, FhirLinks links, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options with { Indented = indented })) Write(w, record, links);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, IFhirRecord record, FhirLinks links)
    {
        switch (record)
        {
            case FhirPatient p: WritePatient(w, p); break;
            case FhirConsent c: WriteConsent(w, c, links); break;
            case FhirCondition c: WriteCondition(w, c, links); break;
            case FhirObservation o: WriteObservation(w, o, links); break;
            case FhirQuestionnaireResponse q: WriteResponse(w, q, links); break;
            case FhirCarePlan c: WriteCarePlan(w, c, links); break;
            case FhirProcedure p: WriteProcedure(w, p, links); break;
            case FhirProduct p: WriteProduct(w, p, links); break;
            case FhirProvenance p: WriteProvenance(w, p, links); break;
            case FhirEncounter e: WriteEncounter(w, e, links); break;
            case FhirAdverseEvent a: WriteAdverseEvent(w, a, links); break;
            default: throw new ArgumentException($"No FHIR mapper for {record.GetType().Name}.", nameof(record));
        }
    }

    /// <summary>Reads a resource of any supported type; null (with errors) when it cannot be read.</summary>
    public static IFhirRecord? Read(JsonElement resource, FhirRead r)
    {
        var type = r.String(resource, "resourceType", required: true);
        return type switch
        {
            null => null,
            "Patient" => ReadPatient(resource, r),
            "Consent" => ReadConsent(resource, r),
            "Condition" => ReadCondition(resource, r),
            "Observation" => ReadObservation(resource, r),
            "QuestionnaireResponse" => ReadResponse(resource, r),
            "CarePlan" => ReadCarePlan(resource, r),
            "Procedure" => ReadProcedure(resource, r),
            "BiologicallyDerivedProduct" => ReadProduct(resource, r),
            "Provenance" => ReadProvenance(resource, r),
            "Encounter" => ReadEncounter(resource, r),
            "AdverseEvent" => ReadAdverseEvent(resource, r),
            "Questionnaire" => ReadQuestionnaire(resource, r),
            _ => Unknown(r, type),
        };
    }

    static IFhirRecord? Unknown(FhirRead r, string type) { r.Fail("resourceType", FhirMessages.UnknownType(type)); return null; }

    static string Id(JsonElement o, FhirRead r) => r.String(o, "id", required: true) ?? "";

    // ---- Patient ----------------------------------------------------------------------------------------------------

    static void WritePatient(Utf8JsonWriter w, FhirPatient p)
    {
        var more = new List<(string, string)> { (FhirCodes.PseudonymSystem, p.PseudonymCode) };
        if (p.RecordNumber is not null) more.Add((FhirCodes.RecordNumberSystem + "/" + p.SiteCode, p.RecordNumber));
        Start(w, "Patient", p.Id, "patient", [.. more]);
        w.WriteBoolean("active", true);
        w.WriteStartArray("name");
        w.WriteStartObject();
        w.WriteString("use", "official");
        w.WriteString("family", p.FamilyName);
        w.WriteStartArray("given");
        w.WriteStringValue(p.GivenName);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("gender", FhirCodes.Gender[p.Sex]);
        w.WriteString("birthDate", Date(p.BirthDate));
        w.WriteStartArray("communication");
        w.WriteStartObject();
        Concept(w, "language", FhirCodes.Language, p.Language);
        w.WriteBoolean("preferred", true);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("managingOrganization");
        w.WriteStartObject("identifier");
        w.WriteString("system", FhirCodes.RecordSystem("site"));
        w.WriteString("value", p.SiteCode);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static FhirPatient? ReadPatient(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var code = FhirRead.Identifier(o, FhirCodes.PseudonymSystem) ?? "";
        string? family = null, given = null;
        if (FhirRead.TryGet(o, "name", out var names) && names.ValueKind == JsonValueKind.Array && names.GetArrayLength() > 0)
        {
            family = r.String(names[0], "name[0].family", required: true);
            if (FhirRead.TryGet(names[0], "given", out var g) && g.ValueKind == JsonValueKind.Array && g.GetArrayLength() > 0 && g[0].ValueKind == JsonValueKind.String)
                given = g[0].GetString();
            else r.Fail("name[0].given", FhirMessages.Required);
        }
        else r.Fail("name", FhirMessages.Required);
        var gender = r.String(o, "gender", required: true);
        var sex = gender is null ? null : FhirCodes.Gender.FirstOrDefault(kv => kv.Value == gender).Key;
        if (gender is not null && sex is null) r.Fail("gender", FhirMessages.NotInValueSet("http://hl7.org/fhir/administrative-gender", FhirCodes.Gender.Values));
        var birth = r.Date(o, "birthDate", required: true);
        string? language = null;
        if (FhirRead.TryGet(o, "communication", out var comm) && comm.ValueKind == JsonValueKind.Array && comm.GetArrayLength() > 0)
            language = r.Code(comm[0], "communication[0].language", FhirCodes.Language, required: true, PatientCodes.Languages);
        else r.Fail("communication", FhirMessages.Required);
        var site = FhirRead.TryGet(o, "managingOrganization", out var org) && FhirRead.TryGet(org, "identifier", out var oi)
            && FhirRead.TryGet(oi, "value", out var ov) && ov.ValueKind == JsonValueKind.String ? ov.GetString()! : "";
        var mrn = site.Length > 0 ? FhirRead.Identifier(o, FhirCodes.RecordNumberSystem + "/" + site) : null;
        if (family is null || given is null || sex is null || birth is null || language is null) return null;
        return new FhirPatient(id, code, site, family, given, birth.Value, sex, language, mrn);
    }

    // ---- Consent ----------------------------------------------------------------------------------------------------

    /// <summary>The acknowledgements a consent records (project code system consent-acknowledgement).</summary>
    public static readonly IReadOnlyList<string> Acknowledgements =
        ["RISKS", "EVIDENCE_LEVEL", "ALTERNATIVES", "ALLOGENEIC_SOURCE", "PERSONAL_DATA", "RIGHT_TO_WITHDRAW", "LONG_TERM_FOLLOWUP"];

    static void WriteConsent(Utf8JsonWriter w, FhirConsent c, FhirLinks links)
    {
        Start(w, "Consent", c.Id, "consent");
        w.WriteStartArray("extension");
        ExtensionCoding(w, FhirCodes.ConsentPathwayExtension, FhirCodes.ConsentPathway, c.Pathway);
        ExtensionString(w, FhirCodes.ConsentSignerExtension, c.Signer);
        foreach (var a in c.Acknowledgements) ExtensionCoding(w, FhirCodes.ConsentAcknowledgementExtension, FhirCodes.ConsentAcknowledgement, a);
        w.WriteEndArray();
        w.WriteString("status", c.WithdrawnAt is null ? "active" : "inactive");
        Concept(w, "scope", FhirCodes.ConsentScope, c.Research ? "research" : "treatment");
        w.WriteStartArray("category");
        w.WriteStartObject();
        w.WriteStartArray("coding");
        Coding(w, FhirCodes.ConsentForm, c.FormCode + "|" + c.FormVersion);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        Reference(w, "patient", links.To("Patient", c.PatientId));
        w.WriteString("dateTime", Instant(c.SignedAt));
        w.WriteStartArray("policy");
        w.WriteStartObject();
        w.WriteString("uri", $"{FhirCodes.Base}/consent-form/{c.FormCode}/{c.FormVersion}");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("provision");
        w.WriteString("type", "permit");
        w.WriteStartObject("period");
        w.WriteString("start", Instant(c.SignedAt));
        if (c.WithdrawnAt is { } end) w.WriteString("end", Instant(end));
        w.WriteEndObject();
        w.WriteEndObject();
        Language(w, c.Language);
        w.WriteEndObject();
    }

    static void Language(Utf8JsonWriter w, string language) => w.WriteString("language", language);

    static FhirConsent? ReadConsent(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var pathway = r.ExtensionCode(o, FhirCodes.ConsentPathwayExtension, FhirCodes.ConsentPathway, required: true, ConsentCodes.Pathways);
        var signer = r.ExtensionString(o, FhirCodes.ConsentSignerExtension, required: true);
        if (signer is not null && !ConsentCodes.Signers.Contains(signer)) { r.Fail("extension", FhirMessages.NotInValueSet(FhirCodes.ConsentSignerExtension, ConsentCodes.Signers)); signer = null; }
        var acks = new List<string>();
        if (FhirRead.TryGet(o, "extension", out var exts) && exts.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var x in exts.EnumerateArray())
            {
                if (FhirRead.TryGet(x, "url", out var u) && u.GetString() == FhirCodes.ConsentAcknowledgementExtension)
                {
                    var code = FhirRead.TryGet(x, "valueCoding", out var vc) && FhirRead.TryGet(vc, "code", out var cc) ? cc.GetString() : null;
                    if (code is null || !Acknowledgements.Contains(code)) r.Fail($"extension[{i}].valueCoding.code", FhirMessages.NotInValueSet(FhirCodes.ConsentAcknowledgement, Acknowledgements));
                    else acks.Add(code);
                }
                i++;
            }
        }
        var status = r.String(o, "status", required: true);
        if (status is not null and not ("active" or "inactive")) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/consent-state-codes", ["active", "inactive"]));
        var scope = r.Code(o, "scope", FhirCodes.ConsentScope, required: true, ["treatment", "research"]);
        var form = r.Code(o, "category", FhirCodes.ConsentForm, required: true);
        var split = form?.Split('|');
        if (split is not null && split.Length != 2) { r.Fail("category[0].coding[0].code", FhirMessages.BadValue("Must be FORM|VERSION.")); split = null; }
        var patient = r.Reference(o, "patient", "Patient", required: true);
        var signed = r.Instant(o, "dateTime", required: true);
        DateTimeOffset? withdrawn = null;
        if (FhirRead.TryGet(o, "provision", out var prov) && FhirRead.TryGet(prov, "period", out var period))
            withdrawn = r.Instant(period, "provision.period.end", required: false);
        if (status == "inactive" && withdrawn is null) r.Fail("provision.period.end", FhirMessages.BadValue("An inactive consent needs its withdrawal time in provision.period.end."));
        var language = r.String(o, "language", required: true);
        if (pathway is null || signer is null || scope is null || split is null || patient is null || signed is null || language is null || !r.Errors.IsEmpty) return null;
        return new FhirConsent(id, patient, split[0], split[1], scope == "research", language, signed.Value, signer, pathway, new(acks), withdrawn);
    }

    // ---- Condition --------------------------------------------------------------------------------------------------

    static void WriteCondition(Utf8JsonWriter w, FhirCondition c, FhirLinks links)
    {
        Start(w, "Condition", c.Id, "assessment");
        var hasExtensions = c.PainNrs is not null || c.Exclusions.Count > 0 || c.Hba1cPct is not null || c.PlannedOrigin is not null
            || c.DonorEligibility is not null || c.Decisions.Count > 0;
        if (hasExtensions)
        {
            w.WriteStartArray("extension");
            if (c.PainNrs is { } pain)
            {
                w.WriteStartObject();
                w.WriteString("url", FhirClinicalCodes.BaselinePain);
                w.WriteNumber("valueInteger", pain);
                w.WriteEndObject();
            }
            foreach (var x in c.Exclusions) ExtensionCoding(w, FhirClinicalCodes.ExclusionExtension, FhirClinicalCodes.Exclusion, x);
            if (c.Hba1cPct is { } hba1c)
            {
                w.WriteStartObject();
                w.WriteString("url", FhirClinicalCodes.Hba1c);
                w.WriteStartObject("valueQuantity");
                w.WriteNumber("value", hba1c);
                w.WriteString("unit", "%");
                w.WriteString("system", FhirCodes.Ucum);
                w.WriteString("code", "%");
                w.WriteEndObject();
                w.WriteEndObject();
            }
            if (c.PlannedOrigin is not null) ExtensionCoding(w, FhirClinicalCodes.PlannedOrigin, FhirCodes.CodeSystem("origin"), c.PlannedOrigin);
            if (c.DonorEligibility is not null) ExtensionCoding(w, FhirClinicalCodes.DonorEligibility, FhirClinicalCodes.DonorEligibilitySystem, c.DonorEligibility);
            foreach (var d in c.Decisions)
            {
                w.WriteStartObject();
                w.WriteString("url", FhirClinicalCodes.CandidacyDecision);
                w.WriteStartArray("extension");
                void Sub(string url, string type, Action write)
                {
                    w.WriteStartObject();
                    w.WriteString("url", url);
                    w.WritePropertyName(type);
                    write();
                    w.WriteEndObject();
                }
                Sub("decision", "valueCode", () => w.WriteStringValue(d.Decision));
                Sub("ruleResult", "valueCode", () => w.WriteStringValue(d.RuleResult));
                Sub("researchOnly", "valueBoolean", () => w.WriteBooleanValue(d.ResearchOnly));
                if (d.OverrideReason is not null) Sub("overrideReason", "valueString", () => w.WriteStringValue(d.OverrideReason));
                Sub("decidedOn", "valueDate", () => w.WriteStringValue(Date(d.DecidedOn)));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        Concept(w, "clinicalStatus", FhirCodes.ConditionClinical, "active");
        Concept(w, "verificationStatus", FhirCodes.ConditionVerification, "confirmed");
        ConceptArray(w, "category", FhirCodes.ConditionCategory, "encounter-diagnosis");
        w.WriteStartObject("code");
        w.WriteStartArray("coding");
        Coding(w, FhirCodes.Indication, c.Indication);
        if (FhirCodes.IndicationIcd10.TryGetValue(c.Indication, out var icd)) Coding(w, FhirCodes.Icd10, icd.Code, icd.Display);
        w.WriteEndArray();
        w.WriteEndObject();
        ConceptArray(w, "bodySite", FhirCodes.Target, c.Target);
        Reference(w, "subject", links.To("Patient", c.PatientId));
        // Symptom duration as the month symptoms began (a partial dateTime, R4 onset[x]): whole months before the
        // assessment, so the duration the clinic recorded comes back exactly.
        if (c.SymptomDurationMonths is { } months) w.WriteString("onsetDateTime", c.AssessedOn.AddMonths(-months).ToString("yyyy-MM", CultureInfo.InvariantCulture));
        w.WriteString("recordedDate", Date(c.AssessedOn));
        if (c.Notes is not null)
        {
            w.WriteStartArray("note");
            w.WriteStartObject();
            w.WriteString("text", c.Notes);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static FhirCondition? ReadCondition(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var indication = r.Code(o, "code", FhirCodes.Indication, required: true, AssessmentCodes.Indications);
        var target = r.Code(o, "bodySite", FhirCodes.Target, required: true, AssessmentCodes.Targets);
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var on = r.Date(o, "recordedDate", required: true);
        r.Code(o, "clinicalStatus", FhirCodes.ConditionClinical, required: true);
        int? months = null;
        if (FhirRead.TryGet(o, "onsetDateTime", out _) && r.String(o, "onsetDateTime", required: true) is { } onset)
        {
            if (DateOnly.TryParseExact(onset.Length == 7 ? onset + "-01" : onset, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                if (on is { } assessed) months = assessed.Year * 12 + assessed.Month - (start.Year * 12 + start.Month);
            }
            else r.Fail("onsetDateTime", FhirMessages.BadValue("Must be the month symptoms began, YYYY-MM (or a date)."));
        }
        int? pain = null;
        if (r.Extension(o, FhirClinicalCodes.BaselinePain, out var painAt) is { } px) pain = r.Integer(px, painAt + ".valueInteger", required: true);
        decimal? hba1c = null;
        if (r.Extension(o, FhirClinicalCodes.Hba1c, out var hAt) is { } hx)
        {
            if (FhirRead.TryGet(hx, "valueQuantity", out var q)) hba1c = r.Decimal(q, hAt + ".valueQuantity.value", required: true);
            else r.Fail(hAt + ".valueQuantity", FhirMessages.Required);
        }
        var origin = r.ExtensionCode(o, FhirClinicalCodes.PlannedOrigin, FhirCodes.CodeSystem("origin"), required: false);
        var donor = r.ExtensionCode(o, FhirClinicalCodes.DonorEligibility, FhirClinicalCodes.DonorEligibilitySystem, required: false);
        var exclusions = new List<string>();
        var decisions = new List<FhirCandidacyDecision>();
        if (FhirRead.TryGet(o, "extension", out var exts) && exts.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var x in exts.EnumerateArray())
            {
                var url = FhirRead.TryGetText(x, "url", out var u) ? u : null;
                if (url == FhirClinicalCodes.ExclusionExtension)
                {
                    if (FhirRead.TryGet(x, "valueCoding", out var vc)
                        && FhirRead.TryGetText(vc, "system", out var sys) && sys == FhirClinicalCodes.Exclusion
                        && FhirRead.TryGetText(vc, "code", out var code) && FhirClinicalCodes.Exclusions.Contains(code))
                        exclusions.Add(code);
                    else r.Fail($"extension[{i}].valueCoding", FhirMessages.NotInValueSet(FhirClinicalCodes.Exclusion, FhirClinicalCodes.Exclusions));
                }
                else if (url == FhirClinicalCodes.CandidacyDecision && ReadDecision(x, $"extension[{i}]", r) is { } d) decisions.Add(d);
                i++;
            }
        }
        string? notes = null;
        if (FhirRead.TryGet(o, "note", out var notesList) && notesList.ValueKind == JsonValueKind.Array && notesList.GetArrayLength() > 0)
            notes = r.String(notesList[0], "note[0].text", required: true);
        if (indication is null || target is null || patient is null || on is null || !r.Errors.IsEmpty) return null;
        return new FhirCondition(id, patient, indication, target, on.Value, months, pain, new(exclusions), hba1c, origin, donor, notes, new(decisions));
    }

    static FhirCandidacyDecision? ReadDecision(JsonElement x, string at, FhirRead r)
    {
        JsonElement? Sub(string name, out string path)
        {
            path = at + ".extension";
            if (!FhirRead.TryGet(x, "extension", out var subs) || subs.ValueKind != JsonValueKind.Array) return null;
            var i = 0;
            foreach (var s in subs.EnumerateArray())
            {
                if (FhirRead.TryGetText(s, "url", out var u) && u == name) { path = $"{at}.extension[{i}]"; return s; }
                i++;
            }
            return null;
        }
        string? Text(string name, string type, bool required)
        {
            var s = Sub(name, out var path);
            if (s is null) { if (required) r.Fail(path, FhirMessages.MissingExtension(name)); return null; }
            return r.String(s.Value, path + "." + type, required: true, name: type);
        }
        var decision = Text("decision", "valueCode", true);
        var result = Text("ruleResult", "valueCode", true);
        var reason = Text("overrideReason", "valueString", false);
        bool? research = null;
        if (Sub("researchOnly", out var rAt) is { } rx) research = r.Boolean(rx, rAt + ".valueBoolean", required: true);
        else r.Fail(rAt, FhirMessages.MissingExtension("researchOnly"));
        DateOnly? on = null;
        if (Sub("decidedOn", out var dAt) is { } dx) on = r.Date(dx, dAt + ".valueDate", required: true);
        else r.Fail(dAt, FhirMessages.MissingExtension("decidedOn"));
        if (decision is null || result is null || research is null || on is null) return null;
        return new FhirCandidacyDecision(decision, result, research.Value, reason, on.Value);
    }

    // ---- Observation ------------------------------------------------------------------------------------------------

    static void WriteObservation(Utf8JsonWriter w, FhirObservation o, FhirLinks links)
    {
        if (o.Kind == ObservationKind.VitalSign) { FhirVitalSigns.Write(w, o, links); return; }
        Start(w, "Observation", o.Id, "observation");
        if (o.Detail is not null) FhirDetail.WriteAll(w, links, [o.Detail]);
        w.WriteString("status", "final");
        if (o.DerivedFrom is not null)
        {
            w.WriteStartArray("derivedFrom");
            w.WriteStartObject();
            w.WriteString("reference", links.To("QuestionnaireResponse", o.DerivedFrom));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        ConceptArray(w, "category", FhirCodes.ObservationCategory, o.Kind switch
        {
            ObservationKind.Imaging => "imaging",
            ObservationKind.Biomarker => "laboratory",
            _ => "survey",
        });
        w.WriteStartObject("code");
        w.WriteStartArray("coding");
        if (o.Kind == ObservationKind.Score)
        {
            Coding(w, FhirCodes.InstrumentScore, o.Code);
            if (FhirCodes.ScoreLoinc.TryGetValue(o.Code, out var loinc)) Coding(w, FhirCodes.Loinc, loinc.Code, loinc.Display);
        }
        else Coding(w, FhirCodes.ObservationCode, o.Code);
        w.WriteEndArray();
        w.WriteEndObject();
        Reference(w, "subject", links.To("Patient", o.PatientId));
        w.WriteString("effectiveDateTime", Date(o.Effective));
        if (o.ValueCode is not null) Concept(w, "valueCodeableConcept", FhirCodes.ObservationCode + "/" + o.Code.ToLowerInvariant(), o.ValueCode);
        else if (o.Value is { } v && o.Unit is null) w.WriteNumber("valueInteger", v);
        else if (o.Value is { } q)
        {
            w.WriteStartObject("valueQuantity");
            w.WriteNumber("value", q);
            w.WriteString("unit", o.Unit);
            w.WriteEndObject();
        }
        else
        {
            Concept(w, "dataAbsentReason", "http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-applicable");
        }
        if (o.Target is not null) Concept(w, "bodySite", FhirCodes.Target, o.Target);
        if (o.Specimen is not null)
        {
            w.WriteStartObject("specimen");
            w.WriteString("display", o.Specimen);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static FhirObservation? ReadObservation(JsonElement o, FhirRead r)
    {
        if (FhirVitalSigns.IsVitalSign(o)) return FhirVitalSigns.Read(o, r);
        var id = Id(o, r);
        var category = r.Code(o, "category", FhirCodes.ObservationCategory, required: true, ["imaging", "laboratory", "survey"]);
        var kind = category switch { "imaging" => ObservationKind.Imaging, "laboratory" => ObservationKind.Biomarker, _ => ObservationKind.Score };
        var code = category is null ? null
            : kind == ObservationKind.Score ? r.Code(o, "code", FhirCodes.InstrumentScore, required: true)
            : r.Code(o, "code", FhirCodes.ObservationCode, required: true, kind == ObservationKind.Imaging ? FhirCodes.ImagingGrades : FhirCodes.Biomarkers);
        var status = r.String(o, "status", required: true);
        if (status is not null and not ("final" or "amended" or "corrected")) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/observation-status", ["final", "amended", "corrected"]));
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var effective = r.Date(o, "effectiveDateTime", required: true);
        decimal? value = null;
        string? unit = null, valueCode = null;
        if (FhirRead.TryGet(o, "valueCodeableConcept", out _) && code is not null)
            valueCode = r.Code(o, "valueCodeableConcept", FhirCodes.ObservationCode + "/" + code.ToLowerInvariant(), required: true);
        else if (FhirRead.TryGet(o, "valueInteger", out _)) value = r.Integer(o, "valueInteger", required: true);
        else if (FhirRead.TryGet(o, "valueQuantity", out var q))
        {
            value = r.Decimal(q, "valueQuantity.value", required: true);
            unit = r.String(q, "valueQuantity.unit", required: true);
        }
        else if (!FhirRead.TryGet(o, "dataAbsentReason", out _)) r.Fail("value[x]", FhirMessages.BadValue("Needs a value[x] or a dataAbsentReason (obs-6)."));
        var target = FhirRead.TryGet(o, "bodySite", out _) ? r.Code(o, "bodySite", FhirCodes.Target, required: true, AssessmentCodes.Targets) : null;
        var specimen = FhirRead.TryGet(o, "specimen", out var sp) ? r.String(sp, "specimen.display", required: true) : null;
        string? derived = null;
        if (FhirRead.TryGet(o, "derivedFrom", out var df) && df.ValueKind == JsonValueKind.Array && df.GetArrayLength() > 0)
            derived = r.ReferenceIn(df[0], "derivedFrom[0]", "QuestionnaireResponse");
        if (kind == ObservationKind.Score && derived is null && FhirRead.TryGet(o, "code", out _) && r.Errors.IsEmpty)
            r.Fail("derivedFrom", FhirMessages.BadValue("A score observation must be derived from its QuestionnaireResponse."));
        var exam = code == "AIS_GRADE" ? FhirDetail.ReadAll(o, r, IsncsciExam.Url).FirstOrDefault() : null;
        if (code is null || patient is null || effective is null || !r.Errors.IsEmpty) return null;
        return new FhirObservation(id, patient, kind, code, effective.Value, value, unit, valueCode, target, specimen, derived, exam);
    }

    // ---- QuestionnaireResponse --------------------------------------------------------------------------------------

    static void WriteResponse(Utf8JsonWriter w, FhirQuestionnaireResponse q, FhirLinks links)
    {
        Start(w, "QuestionnaireResponse", q.Id, "instrument_response");
        w.WriteStartArray("extension");
        ExtensionCoding(w, FhirCodes.ResponseModeExtension, FhirCodes.ResponseMode, q.Mode);
        ExtensionCoding(w, FhirCodes.ResponseTargetExtension, FhirCodes.Target, q.Target);
        ExtensionCoding(w, FhirCodes.ResponseVisitExtension, FhirCodes.VisitCode, q.VisitCode);
        ExtensionString(w, FhirCodes.DefinitionVersionExtension, q.DefinitionVersion);
        w.WriteEndArray();
        w.WriteString("language", q.Language);
        if (q.PlanId is not null)
        {
            w.WriteStartArray("basedOn");
            w.WriteStartObject();
            w.WriteString("reference", links.To("CarePlan", q.PlanId));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteString("questionnaire", $"urn:orthoregen:questionnaire:{q.Instrument}");
        w.WriteString("status", "completed");
        Reference(w, "subject", links.To("Patient", q.PatientId));
        w.WriteString("authored", Date(q.CompletedOn));
        w.WriteStartArray("item");
        foreach (var item in q.Items)
        {
            w.WriteStartObject();
            w.WriteString("linkId", item.Code);
            if (!item.Answer.IsMissing)
            {
                w.WriteStartArray("answer");
                w.WriteStartObject();
                switch (item.Answer.Kind)
                {
                    case AnswerKind.Number: w.WriteNumber("valueDecimal", item.Answer.Number); break;
                    case AnswerKind.Boolean: w.WriteBoolean("valueBoolean", item.Answer.Flag); break;
                    case AnswerKind.Text:
                        w.WritePropertyName("valueCoding");
                        Coding(w, $"urn:orthoregen:instrument:{q.Instrument}:answer", item.Answer.Text!);
                        break;
                    default: throw new ArgumentException($"Item {item.Code}: a list or object is never stored.", nameof(q));
                }
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static FhirQuestionnaireResponse? ReadResponse(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var mode = r.ExtensionCode(o, FhirCodes.ResponseModeExtension, FhirCodes.ResponseMode, required: true, ResponseModes.All);
        var target = r.ExtensionCode(o, FhirCodes.ResponseTargetExtension, FhirCodes.Target, required: true, AssessmentCodes.Targets);
        var visit = r.ExtensionCode(o, FhirCodes.ResponseVisitExtension, FhirCodes.VisitCode, required: true);
        var version = r.ExtensionString(o, FhirCodes.DefinitionVersionExtension, required: false) ?? "";
        var language = r.String(o, "language", required: true);
        if (language is not null && !LocalizedText.Languages.Contains(language)) { r.Fail("language", FhirMessages.NotInValueSet(FhirCodes.Language, LocalizedText.Languages)); language = null; }
        var questionnaire = r.String(o, "questionnaire", required: true);
        const string prefix = "urn:orthoregen:questionnaire:";
        string? instrument = null;
        if (questionnaire is not null)
        {
            if (questionnaire.StartsWith(prefix, StringComparison.Ordinal)) instrument = questionnaire[prefix.Length..];
            else r.Fail("questionnaire", FhirMessages.BadValue($"Must be the canonical URL of an OrthoRegen instrument ({prefix}CODE)."));
        }
        var status = r.String(o, "status", required: true);
        if (status is not null and not "completed") r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/questionnaire-answers-status", ["completed"]));
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var authored = r.Date(o, "authored", required: true);
        string? plan = null;
        if (FhirRead.TryGet(o, "basedOn", out var bo) && bo.ValueKind == JsonValueKind.Array && bo.GetArrayLength() > 0)
            plan = r.ReferenceIn(bo[0], "basedOn[0]", "CarePlan");
        var items = new List<ResponseItem>();
        if (FhirRead.TryGet(o, "item", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array) r.Fail("item", FhirMessages.NotArray);
            else
            {
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (WellFormedItem(item) is { } well)
                    {
                        items.Add(well);
                        i++;
                        continue;
                    }
                    var link = r.String(item, $"item[{i}].linkId", required: true);
                    var answer = Answer.Missing;
                    if (FhirRead.TryGet(item, "answer", out var answers) && answers.ValueKind == JsonValueKind.Array && answers.GetArrayLength() > 0)
                    {
                        if (answers.GetArrayLength() > 1) r.Fail($"item[{i}].answer", FhirMessages.BadValue("An instrument item takes one answer."));
                        var a = answers[0];
                        var at = $"item[{i}].answer[0]";
                        if (FhirRead.TryGet(a, "valueDecimal", out _)) answer = r.Decimal(a, at + ".valueDecimal", true) is { } d ? Answer.Of(d) : answer;
                        else if (FhirRead.TryGet(a, "valueInteger", out _)) answer = r.Integer(a, at + ".valueInteger", true) is { } n ? Answer.Of(n) : answer;
                        else if (FhirRead.TryGet(a, "valueBoolean", out _)) answer = r.Boolean(a, at + ".valueBoolean", true) is { } b ? Answer.Of(b) : answer;
                        else if (FhirRead.TryGet(a, "valueCoding", out var vc))
                        {
                            var code = r.String(vc, at + ".valueCoding.code", true);
                            if (code is not null)
                                answer = decimal.TryParse(code, NumberStyles.Number, CultureInfo.InvariantCulture, out var cd) ? Answer.Of(cd) : Answer.Of(code);
                        }
                        else r.Fail(at, FhirMessages.BadValue("Needs valueDecimal, valueInteger, valueBoolean or valueCoding."));
                    }
                    if (link is not null) items.Add(new ResponseItem(link, answer));
                    i++;
                }
            }
        }
        if (mode is null || target is null || visit is null || language is null || instrument is null || patient is null || authored is null || !r.Errors.IsEmpty) return null;
        return new FhirQuestionnaireResponse(id, patient, instrument, version, language, mode, visit, target, authored.Value, new(items), plan);
    }

    /// <summary>
    /// The item exactly as the general reading below takes it, when nothing in it is wrong (no path text to build per
    /// item, property names looked up as UTF-8); null when anything is off, and the general reading then names the problem.
    /// </summary>
    static ResponseItem? WellFormedItem(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("linkId"u8, out var linkId) || linkId.ValueKind != JsonValueKind.String) return null;
        var link = linkId.GetString()!;
        if (string.IsNullOrWhiteSpace(link)) return null;
        var answer = Answer.Missing;
        if (item.TryGetProperty("answer"u8, out var answers) && answers.ValueKind == JsonValueKind.Array)
        {
            var n = answers.GetArrayLength();
            if (n > 1) return null;
            if (n == 1)
            {
                var a = answers[0];
                if (a.ValueKind != JsonValueKind.Object) return null;
                if (a.TryGetProperty("valueDecimal"u8, out var v) && v.ValueKind != JsonValueKind.Null)
                {
                    if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d)) return null;
                    answer = Answer.Of(d);
                }
                else if (a.TryGetProperty("valueInteger"u8, out v) && v.ValueKind != JsonValueKind.Null)
                {
                    if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d) || d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) return null;
                    answer = Answer.Of((int)d);
                }
                else if (a.TryGetProperty("valueBoolean"u8, out v) && v.ValueKind != JsonValueKind.Null)
                {
                    if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return null;
                    answer = Answer.Of(v.GetBoolean());
                }
                else if (a.TryGetProperty("valueCoding"u8, out var vc) && vc.ValueKind != JsonValueKind.Null)
                {
                    if (vc.ValueKind != JsonValueKind.Object || !vc.TryGetProperty("code"u8, out var code)) return null;
                    if (code.ValueKind != JsonValueKind.String) return null;
                    var text = code.GetString()!;
                    if (string.IsNullOrWhiteSpace(text)) return null;
                    answer = decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var cd) ? Answer.Of(cd) : Answer.Of(text);
                }
                else return null;
            }
        }
        else if (item.TryGetProperty("answer"u8, out answers) && answers.ValueKind != JsonValueKind.Null) return null;
        return new ResponseItem(link, answer);
    }

    // ---- CarePlan ---------------------------------------------------------------------------------------------------

    static readonly Dictionary<string, string> PlanStatus = new() { ["ACTIVE"] = "active", ["COMPLETED"] = "completed", ["CANCELLED"] = "revoked" };

    static void WriteCarePlan(Utf8JsonWriter w, FhirCarePlan c, FhirLinks links)
    {
        Start(w, "CarePlan", c.Id, "treatment_plan");
        if (c.Manipulation is not null || c.Guidance is not null || c.RegulatoryPathway is not null || c.TargetLevel is not null
            || c.Adjuncts.Count > 0 || c.RehabProgramme is not null || c.WeightKg is not null && c.WeightMeasuredOn is not null || c.StatusHistory.Count > 0)
        {
            w.WriteStartArray("extension");
            if (c.Manipulation is not null) ExtensionCoding(w, FhirClinicalCodes.Manipulation, FhirClinicalCodes.ManipulationSystem, c.Manipulation);
            if (c.Guidance is not null) ExtensionCoding(w, FhirClinicalCodes.Guidance, FhirClinicalCodes.GuidanceSystem, c.Guidance);
            if (c.RegulatoryPathway is not null) ExtensionCoding(w, FhirClinicalCodes.RegulatoryPathway, FhirCodes.ConsentPathway, c.RegulatoryPathway);
            if (c.TargetLevel is not null) ExtensionString(w, FhirClinicalCodes.TargetLevel, c.TargetLevel);
            foreach (var a in c.Adjuncts) ExtensionCoding(w, FhirClinicalCodes.Adjunct, FhirClinicalCodes.AdjunctSystem, a);
            if (c.RehabProgramme is not null)
            {
                w.WriteStartObject();
                w.WriteString("url", FhirClinicalCodes.Rehabilitation);
                w.WriteStartArray("extension");
                ExtensionString(w, "programme", c.RehabProgramme);
                foreach (var (name, value) in new[] { ("weeks", c.RehabWeeks), ("sessionsPerWeek", c.RehabSessionsPerWeek) })
                {
                    if (value is null) continue;
                    w.WriteStartObject();
                    w.WriteString("url", name);
                    w.WriteNumber("valueInteger", value.Value);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (c.WeightKg is { } kg && c.WeightMeasuredOn is { } on) FhirVitalSigns.WritePlanWeight(w, kg, on);
            foreach (var h in c.StatusHistory) h.Write(w, links);
            w.WriteEndArray();
        }
        w.WriteString("status", PlanStatus[c.Status]);
        w.WriteString("intent", "plan");
        ConceptArray(w, "category", FhirCodes.Indication, c.Indication);
        Reference(w, "subject", links.To("Patient", c.PatientId));
        if (c.ConditionId is not null)
        {
            w.WriteStartArray("addresses");
            w.WriteStartObject();
            w.WriteString("reference", links.To("Condition", c.ConditionId));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartArray("supportingInfo");
        w.WriteStartObject();
        w.WriteString("reference", links.To("Consent", c.ConsentId));
        w.WriteEndObject();
        if (c.ResearchConsentId is not null)
        {
            w.WriteStartObject();
            w.WriteString("reference", links.To("Consent", c.ResearchConsentId));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("activity");
        w.WriteStartObject();
        w.WriteStartObject("detail");
        w.WriteString("kind", "Procedure");
        Concept(w, "code", FhirCodes.Route, c.Route);
        w.WriteString("status", c.Status == "ACTIVE" ? "scheduled" : c.Status == "COMPLETED" ? "completed" : "cancelled");
        w.WriteStartObject("scheduledTiming");
        w.WriteStartObject("repeat");
        w.WriteNumber("count", c.PlannedInjections);
        if (c.IntervalDays is { } days)
        {
            w.WriteNumber("period", days);
            w.WriteString("periodUnit", "d");
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("productCodeableConcept");
        w.WriteStartArray("coding");
        Coding(w, FhirCodes.CellSource, c.CellSource);
        Coding(w, FhirCodes.CodeSystem("origin"), c.Origin);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("quantity");
        w.WriteNumber("value", c.TotalCellsE6);
        w.WriteString("unit", "10^6 cells");
        w.WriteString("system", FhirCodes.Ucum);
        w.WriteString("code", "10*6");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("note");
        w.WriteStartObject();
        w.WriteString("text", $"Target {c.Target}");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static FhirCarePlan? ReadCarePlan(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var status = r.String(o, "status", required: true);
        var local = status is null ? null : PlanStatus.FirstOrDefault(kv => kv.Value == status).Key;
        if (status is not null && local is null) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/request-status", PlanStatus.Values));
        var intent = r.String(o, "intent", required: true);
        var indication = r.Code(o, "category", FhirCodes.Indication, required: true, AssessmentCodes.Indications);
        var patient = r.Reference(o, "subject", "Patient", required: true);
        string? condition = null, consent = null, target = null;
        if (FhirRead.TryGet(o, "addresses", out var ad) && ad.ValueKind == JsonValueKind.Array && ad.GetArrayLength() > 0) condition = r.ReferenceIn(ad[0], "addresses[0]", "Condition");
        if (FhirRead.TryGet(o, "supportingInfo", out var si) && si.ValueKind == JsonValueKind.Array && si.GetArrayLength() > 0) consent = r.ReferenceIn(si[0], "supportingInfo[0]", "Consent");
        else r.Fail("supportingInfo", FhirMessages.Required);
        if (FhirRead.TryGet(o, "note", out var notes) && notes.ValueKind == JsonValueKind.Array && notes.GetArrayLength() > 0
            && r.String(notes[0], "note[0].text", true) is { } text && text.StartsWith("Target ", StringComparison.Ordinal)) target = text[7..];
        if (target is null || !AssessmentCodes.TreatmentTargets.Contains(target)) { r.Fail("note[0].text", FhirMessages.BadValue("Must name the target as 'Target KNEE_R'.")); target = null; }
        string? route = null, source = null, origin = null;
        decimal? cells = null;
        int? count = null, period = null;
        if (FhirRead.TryGet(o, "activity", out var act) && act.ValueKind == JsonValueKind.Array && act.GetArrayLength() > 0 && FhirRead.TryGet(act[0], "detail", out var d))
        {
            route = r.Code(d, "activity[0].detail.code", FhirCodes.Route, required: true, TreatmentCodes.Routes);
            source = r.Code(d, "activity[0].detail.productCodeableConcept", FhirCodes.CellSource, required: true, TreatmentCodes.CellSources);
            origin = r.Code(d, "activity[0].detail.productCodeableConcept", FhirCodes.CodeSystem("origin"), required: true, TreatmentCodes.Origins);
            if (FhirRead.TryGet(d, "quantity", out var qty)) cells = r.Decimal(qty, "activity[0].detail.quantity.value", required: true);
            else r.Fail("activity[0].detail.quantity", FhirMessages.Required);
            if (FhirRead.TryGet(d, "scheduledTiming", out var st) && FhirRead.TryGet(st, "repeat", out var rep))
            {
                count = r.Integer(rep, "activity[0].detail.scheduledTiming.repeat.count", required: true);
                period = r.Integer(rep, "activity[0].detail.scheduledTiming.repeat.period", required: false);
            }
            else r.Fail("activity[0].detail.scheduledTiming", FhirMessages.Required);
        }
        else r.Fail("activity", FhirMessages.Required);
        string? researchConsent = null;
        if (FhirRead.TryGet(o, "supportingInfo", out var si2) && si2.ValueKind == JsonValueKind.Array && si2.GetArrayLength() > 1)
            researchConsent = r.ReferenceIn(si2[1], "supportingInfo[1]", "Consent");
        var manipulation = r.ExtensionCode(o, FhirClinicalCodes.Manipulation, FhirClinicalCodes.ManipulationSystem, required: false);
        var guidance = r.ExtensionCode(o, FhirClinicalCodes.Guidance, FhirClinicalCodes.GuidanceSystem, required: false);
        var pathway = r.ExtensionCode(o, FhirClinicalCodes.RegulatoryPathway, FhirCodes.ConsentPathway, required: false);
        var level = r.ExtensionString(o, FhirClinicalCodes.TargetLevel, required: false);
        var (weightKg, weighedOn) = FhirVitalSigns.ReadPlanWeight(o, r);
        var adjuncts = new List<string>();
        string? programme = null;
        int? weeks = null, sessions = null;
        if (FhirRead.TryGet(o, "extension", out var exts) && exts.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var x in exts.EnumerateArray())
            {
                var url = FhirRead.TryGetText(x, "url", out var u) ? u : null;
                if (url == FhirClinicalCodes.Adjunct)
                {
                    if (FhirRead.TryGet(x, "valueCoding", out var vc) && FhirRead.TryGetText(vc, "system", out var sys) && sys == FhirClinicalCodes.AdjunctSystem
                        && FhirRead.TryGetText(vc, "code", out var code)) adjuncts.Add(code);
                    else r.Fail($"extension[{i}].valueCoding", FhirMessages.NoCodingFrom(FhirClinicalCodes.AdjunctSystem));
                }
                else if (url == FhirClinicalCodes.Rehabilitation)
                {
                    programme = r.ExtensionString(x, "programme", required: true, prefix: $"extension[{i}].");
                    if (r.Extension(x, "weeks", out var wAt) is { } wx) weeks = r.Integer(wx, $"extension[{i}].{wAt}.valueInteger", required: true);
                    if (r.Extension(x, "sessionsPerWeek", out var sAt) is { } sx) sessions = r.Integer(sx, $"extension[{i}].{sAt}.valueInteger", required: true);
                }
                i++;
            }
        }
        if (local is null || intent is null || indication is null || patient is null || consent is null || target is null || route is null
            || source is null || origin is null || cells is null || count is null || !r.Errors.IsEmpty) return null;
        var history = FhirDetail.ReadAll(o, r, PlanStatusImport.Url);
        if (!r.Errors.IsEmpty) return null;
        return new FhirCarePlan(id, patient, local, indication, target, source, origin, route, cells.Value, count.Value, period, consent, condition,
            manipulation, guidance, pathway, level, new(adjuncts), programme, weeks, sessions, researchConsent, weightKg, weighedOn, new(history));
    }

    // ---- Procedure --------------------------------------------------------------------------------------------------

    static void WriteProcedure(Utf8JsonWriter w, FhirProcedure p, FhirLinks links)
    {
        Start(w, "Procedure", p.Id, p.Kind == FhirProcedure.Harvest ? "collection" : "administration");
        if (p.LotId is not null || p.Detail is not null)
            FhirDetail.WriteAll(w, links, p.Detail is null ? [] : [p.Detail],
                p.LotId is null ? null : () => ExtensionReference(w, FhirCodes.ProcedureUsed, links.To("BiologicallyDerivedProduct", p.LotId)));
        if (p.PlanId is not null)
        {
            w.WriteStartArray("basedOn");
            w.WriteStartObject();
            w.WriteString("reference", links.To("CarePlan", p.PlanId));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteString("status", "completed");
        Concept(w, "category", FhirCodes.ProcedureCode, p.Kind);
        Concept(w, "code", p.Kind == FhirProcedure.Harvest ? FhirCodes.CodeSystem("tissue") : FhirCodes.Route, p.Code);
        Reference(w, "subject", links.To("Patient", p.PatientId));
        w.WriteString("performedDateTime", Instant(p.PerformedAt));
        if (p.Target is not null) ConceptArray(w, "bodySite", FhirCodes.Target, p.Target);
        if (p.DoseViableCellsE6 is not null || p.VolumeMl is not null)
        {
            w.WriteStartArray("note");
            w.WriteStartObject();
            w.WriteString("text", string.Create(CultureInfo.InvariantCulture, $"dose_viable_cells_e6={p.DoseViableCellsE6};volume_ml={p.VolumeMl}"));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static FhirProcedure? ReadProcedure(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var status = r.String(o, "status", required: true);
        if (status is not null and not "completed") r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/event-status", ["completed"]));
        var kind = r.Code(o, "category", FhirCodes.ProcedureCode, required: true, [FhirProcedure.Harvest, FhirProcedure.Administration]);
        var code = kind is null ? null : kind == FhirProcedure.Harvest
            ? r.Code(o, "code", FhirCodes.CodeSystem("tissue"), required: true, CellLabCodes.Tissues)
            : r.Code(o, "code", FhirCodes.Route, required: true, TreatmentCodes.Routes);
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var at = r.Instant(o, "performedDateTime", required: true);
        var target = FhirRead.TryGet(o, "bodySite", out _) ? r.Code(o, "bodySite", FhirCodes.Target, required: true, AssessmentCodes.TreatmentTargets) : null;
        var lot = r.ExtensionReference(o, FhirCodes.ProcedureUsed, "BiologicallyDerivedProduct", required: kind == FhirProcedure.Administration);
        string? plan = null;
        if (FhirRead.TryGet(o, "basedOn", out var bo) && bo.ValueKind == JsonValueKind.Array && bo.GetArrayLength() > 0) plan = r.ReferenceIn(bo[0], "basedOn[0]", "CarePlan");
        decimal? dose = null, volume = null;
        if (FhirRead.TryGet(o, "note", out var notes) && notes.ValueKind == JsonValueKind.Array && notes.GetArrayLength() > 0 && r.String(notes[0], "note[0].text", true) is { } text)
            foreach (var part in text.Split(';'))
            {
                var kv = part.Split('=', 2);
                if (kv.Length != 2 || kv[1].Length == 0) continue;
                if (!decimal.TryParse(kv[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) { r.Fail("note[0].text", FhirMessages.NotNumber); continue; }
                if (kv[0] == "dose_viable_cells_e6") dose = n; else if (kv[0] == "volume_ml") volume = n;
            }
        var detail = FhirDetail.ReadAll(o, r, ProductExtensions.Collection, ProductExtensions.Administration).FirstOrDefault();
        if (kind is null || code is null || patient is null || at is null || !r.Errors.IsEmpty) return null;
        return new FhirProcedure(id, patient, kind, code, at.Value, target, lot, plan, dose, volume, detail);
    }

    // ---- BiologicallyDerivedProduct ---------------------------------------------------------------------------------

    static void WriteProduct(Utf8JsonWriter w, FhirProduct p, FhirLinks links)
    {
        Start(w, "BiologicallyDerivedProduct", p.Id, "product_lot", (FhirCodes.DinSystem, p.Din), (FhirCodes.LotNumberSystem, p.LotNumber));
        if (p.Donor is not null) FhirDonorMapper.WriteContained(w, p.Donor, links);
        if (p.Details is { Count: > 0 } details) FhirDetail.WriteAll(w, links, details);
        w.WriteString("productCategory", "cells");
        w.WriteStartObject("productCode");
        w.WriteStartArray("coding");
        Coding(w, FhirCodes.ProductCodeSystem, p.ProductCode);
        Coding(w, FhirCodes.CellSource, p.CellSource);
        Coding(w, FhirCodes.CodeSystem("origin"), p.Origin);
        Coding(w, FhirCodes.ReleaseStatus, p.ReleaseStatus);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("status", p.ReleaseStatus is CellLabCodes.Released or CellLabCodes.ConditionalRelease ? "available" : "unavailable");
        w.WriteNumber("quantity", 1);
        if (p.SourcePatientId is not null || p.Donor is not null)
        {
            w.WriteStartObject("collection");
            Reference(w, "source", p.Donor is not null ? "#" + p.Donor.Id : links.To("Patient", p.SourcePatientId!));
            w.WriteEndObject();
        }
        w.WriteStartArray("storage");
        w.WriteStartObject();
        w.WriteStartObject("duration");
        w.WriteString("end", Instant(p.ExpiresAt));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static FhirProduct? ReadProduct(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var din = FhirRead.Identifier(o, FhirCodes.DinSystem);
        if (din is null) r.Fail("identifier", FhirMessages.BadValue($"Needs the ISBT 128 DIN ({FhirCodes.DinSystem})."));
        else if (Din.Parse(din) is null) r.Fail("identifier", FhirMessages.BadValue("Not an ISBT 128 DIN (13 characters: FIN, year, sequence)."));
        var lot = FhirRead.Identifier(o, FhirCodes.LotNumberSystem);
        if (lot is null) r.Fail("identifier", FhirMessages.BadValue($"Needs the lot number ({FhirCodes.LotNumberSystem})."));
        var category = r.String(o, "productCategory", required: true);
        if (category is not null and not "cells") r.Fail("productCategory", FhirMessages.NotInValueSet("http://hl7.org/fhir/product-category", ["cells"]));
        var code = r.Code(o, "productCode", FhirCodes.ProductCodeSystem, required: true);
        var source = r.Code(o, "productCode", FhirCodes.CellSource, required: true, CellLabCodes.CellSources);
        var origin = r.Code(o, "productCode", FhirCodes.CodeSystem("origin"), required: true, CellLabCodes.Origins);
        var release = r.Code(o, "productCode", FhirCodes.ReleaseStatus, required: true, CellLabCodes.ReleaseStatuses);
        var status = r.String(o, "status", required: false);
        if (status is not null and not ("available" or "unavailable")) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/product-status", ["available", "unavailable"]));
        string? sourcePatient = null;
        FhirDonor? donor = null;
        if (FhirRead.TryGet(o, "collection", out var col))
        {
            if (FhirRead.TryGet(col, "source", out var src) && FhirRead.TryGetText(src, "reference", out var contained) && contained.StartsWith('#'))
                donor = FhirDonorMapper.Read(o, r, contained);
            else sourcePatient = r.Reference(col, "collection.source", "Patient", required: true);
        }
        DateTimeOffset? expires = null;
        if (FhirRead.TryGet(o, "storage", out var st) && st.ValueKind == JsonValueKind.Array && st.GetArrayLength() > 0 && FhirRead.TryGet(st[0], "duration", out var du))
            expires = r.Instant(du, "storage[0].duration.end", required: true);
        else r.Fail("storage[0].duration.end", FhirMessages.Required);
        var details = FhirDetail.ReadAll(o, r, ProductExtensions.LotDetails);
        if (din is null || lot is null || code is null || source is null || origin is null || release is null || expires is null || !r.Errors.IsEmpty) return null;
        return new FhirProduct(id, lot, din, code, source, origin, release, expires.Value, sourcePatient, details.Count == 0 ? null : new(details), donor);
    }

    // ---- Provenance -------------------------------------------------------------------------------------------------

    static void WriteProvenance(Utf8JsonWriter w, FhirProvenance p, FhirLinks links)
    {
        Start(w, "Provenance", p.Id, "custody_event");
        if (p.Location is not null || p.Detail is not null)
            FhirDetail.WriteAll(w, links, p.Detail is null ? [] : [p.Detail],
                p.Location is null ? null : () => ExtensionString(w, FhirCodes.CustodyLocationExtension, p.Location));
        w.WriteStartArray("target");
        w.WriteStartObject();
        w.WriteString("reference", links.To("BiologicallyDerivedProduct", p.LotId));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("recorded", Instant(p.At));
        Concept(w, "activity", FhirCodes.CustodyEvent, p.Event);
        w.WriteStartArray("agent");
        Agent(w, "custodian", p.Agent);
        if (p.ToParty is not null) Agent(w, "informant", p.ToParty);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Agent(Utf8JsonWriter w, string type, string who)
    {
        w.WriteStartObject();
        Concept(w, "type", FhirCodes.ProvenanceParticipant, type);
        w.WriteStartObject("who");
        w.WriteString("display", who);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static readonly string[] ProvenanceEvents = [.. CellLabCodes.CustodyEvents, .. CellLabCodes.ReleaseStatuses.Select(s => "DECISION_" + s)];

    static FhirProvenance? ReadProvenance(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        string? lot = null;
        if (FhirRead.TryGet(o, "target", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0) lot = r.ReferenceIn(t[0], "target[0]", "BiologicallyDerivedProduct");
        else r.Fail("target", FhirMessages.Required);
        var at = r.Instant(o, "recorded", required: true);
        var ev = r.Code(o, "activity", FhirCodes.CustodyEvent, required: true, ProvenanceEvents);
        string? agent = null, to = null;
        if (FhirRead.TryGet(o, "agent", out var agents) && agents.ValueKind == JsonValueKind.Array && agents.GetArrayLength() > 0)
        {
            var i = 0;
            foreach (var a in agents.EnumerateArray())
            {
                var who = FhirRead.TryGet(a, "who", out var wh) ? r.String(wh, $"agent[{i}].who.display", required: true) : null;
                if (who is null && !FhirRead.TryGet(a, "who", out _)) r.Fail($"agent[{i}].who", FhirMessages.Required);
                var type = r.Code(a, $"agent[{i}].type", FhirCodes.ProvenanceParticipant, required: true, ["custodian", "informant"]);
                if (type == "custodian") agent = who; else if (type == "informant") to = who;
                i++;
            }
        }
        else r.Fail("agent", FhirMessages.Required);
        if (agent is null && r.Errors.IsEmpty) r.Fail("agent", FhirMessages.BadValue("Needs a custodian agent."));
        var location = r.ExtensionString(o, FhirCodes.CustodyLocationExtension, required: false);
        var detail = FhirDetail.ReadAll(o, r, ProductExtensions.Custody, ProductExtensions.Decision).FirstOrDefault();
        if (lot is null || at is null || ev is null || agent is null || !r.Errors.IsEmpty) return null;
        return new FhirProvenance(id, lot, ev, at.Value, agent, to, location, detail);
    }

    // ---- Encounter --------------------------------------------------------------------------------------------------

    static void WriteEncounter(Utf8JsonWriter w, FhirEncounter e, FhirLinks links)
    {
        Start(w, "Encounter", e.Id, "follow_up_visit");
        FhirDetail.WriteAll(w, links, new[] { e.Schedule, e.End, e.Endpoint }.OfType<FhirDetail>(), () =>
        {
            w.WriteStartObject();
            w.WriteString("url", FhirCodes.VisitWindowExtension);
            w.WriteStartObject("valuePeriod");
            w.WriteString("start", Date(e.WindowStart));
            w.WriteString("end", Date(e.WindowEnd));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("url", FhirCodes.ScheduledOnExtension);
            w.WriteString("valueDate", Date(e.ScheduledOn));
            w.WriteEndObject();
            if (e.PlanId is not null) ExtensionReference(w, FollowUpExtensions.BasedOn, links.To("CarePlan", e.PlanId));
            if (e.Findings is not null) VisitFindingsExtension.Write(w, links, e.Findings);
        });
        w.WriteString("status", FollowUpExtensions.StatusOf(e.ActualDate, e.WindowEnd, FollowUpExtensions.DateOf(e.End)));
        w.WriteStartObject("class");
        w.WriteString("system", FhirCodes.ActCode);
        w.WriteString("code", "AMB");
        w.WriteString("display", "ambulatory");
        w.WriteEndObject();
        ConceptArray(w, "type", FhirCodes.VisitCode, e.VisitCode);
        Reference(w, "subject", links.To("Patient", e.PatientId));
        w.WriteStartObject("period");
        w.WriteString("start", Date(e.ActualDate ?? e.ScheduledOn));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static FhirEncounter? ReadEncounter(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var status = r.String(o, "status", required: true);
        if (status is not null and not ("planned" or "finished" or "cancelled")) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/encounter-status", ["planned", "finished", "cancelled"]));
        if (!FhirRead.TryGet(o, "class", out var cls)) r.Fail("class", FhirMessages.Required);
        else if (r.String(cls, "class.system", true, "system") is { } sys && sys != FhirCodes.ActCode) r.Fail("class.system", FhirMessages.NoCodingFrom(FhirCodes.ActCode));
        var visit = r.Code(o, "type", FhirCodes.VisitCode, required: true);
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var start = FhirRead.TryGet(o, "period", out var p) ? r.Date(p, "period.start", required: true) : null;
        if (start is null && !FhirRead.TryGet(o, "period", out _)) r.Fail("period", FhirMessages.Required);
        DateOnly? ws = null, we = null;
        var x = r.Extension(o, FhirCodes.VisitWindowExtension, out var xat);
        if (x is not null && FhirRead.TryGet(x.Value, "valuePeriod", out var vp))
        {
            ws = r.Date(vp, xat + ".valuePeriod.start", required: true);
            we = r.Date(vp, xat + ".valuePeriod.end", required: true);
        }
        else r.Fail("extension", FhirMessages.MissingExtension(FhirCodes.VisitWindowExtension));
        var sx = r.Extension(o, FhirCodes.ScheduledOnExtension, out var sat);
        var scheduled = sx is null ? start : r.Date(sx.Value, sat + ".valueDate", required: true);
        var plan = r.ExtensionReference(o, FollowUpExtensions.BasedOn, "CarePlan", required: false);
        var schedule = FhirDetail.ReadAll(o, r, FollowUpExtensions.Schedule).FirstOrDefault();
        var end = FhirDetail.ReadAll(o, r, FollowUpExtensions.End).FirstOrDefault();
        var endpoint = FhirDetail.ReadAll(o, r, FollowUpExtensions.Endpoint).FirstOrDefault();
        var fx = r.Extension(o, VisitFindingsExtension.Url, out var fat);
        var findings = fx is null ? null : VisitFindingsExtension.Read(fx.Value, fat, r);
        // The status must be the one the registry computes from the visit and the end of follow-up (a withdrawn visit is cancelled).
        if (status is "planned" or "cancelled" && we is not null && FollowUpExtensions.StatusOf(null, we.Value, FollowUpExtensions.DateOf(end)) is var expected && expected != status)
            r.Fail("status", FhirMessages.BadValue(expected == "cancelled"
                ? "A visit not done whose window ends on or after the end of follow-up (encounter-follow-up-end) is cancelled."
                : "cancelled is a visit not done because follow-up ended (encounter-follow-up-end) on or before its window's last day."));
        if (status is null || visit is null || patient is null || start is null || ws is null || we is null || !r.Errors.IsEmpty) return null;
        return new FhirEncounter(id, patient, visit, scheduled ?? start.Value, status == "finished" ? start : null, ws.Value, we.Value, plan, schedule,
            end, endpoint, findings);
    }

    // ---- AdverseEvent -----------------------------------------------------------------------------------------------

    static void WriteAdverseEvent(Utf8JsonWriter w, FhirAdverseEvent a, FhirLinks links)
    {
        Start(w, "AdverseEvent", a.Id, "adverse_event");
        FhirDetail.WriteAll(w, links, a.Detail is null ? a.Reports : [a.Detail, .. a.Reports],
            a.LotId is null ? null : () => ExtensionReference(w, FhirCodes.SuspectProduct, links.To("BiologicallyDerivedProduct", a.LotId)));
        w.WriteString("actuality", "actual");
        w.WriteStartObject("event");
        w.WriteStartArray("coding");
        Coding(w, FhirCodes.AdverseEventTerm, a.Term);
        if (a.MeddraPt is not null) Coding(w, "http://terminology.hl7.org/CodeSystem/mdr", a.MeddraPt);
        w.WriteEndArray();
        w.WriteString("text", a.Term);
        w.WriteEndObject();
        Reference(w, "subject", links.To("Patient", a.PatientId));
        w.WriteString("date", Date(a.Onset));
        Concept(w, "seriousness", FhirCodes.AdverseEventSeriousness, a.Serious ? "serious" : "non-serious");
        Concept(w, "severity", FhirCodes.CtcaeGrade, a.Grade.ToString(CultureInfo.InvariantCulture));
        Concept(w, "outcome", FhirCodes.AdverseEventOutcome, FhirCodes.AeOutcome[a.Outcome]);
        if (a.AdministrationId is not null)
        {
            w.WriteStartArray("suspectEntity");
            w.WriteStartObject();
            Reference(w, "instance", links.To("Procedure", a.AdministrationId));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static FhirAdverseEvent? ReadAdverseEvent(JsonElement o, FhirRead r)
    {
        var id = Id(o, r);
        var actuality = r.String(o, "actuality", required: true);
        if (actuality is not null and not ("actual" or "potential")) r.Fail("actuality", FhirMessages.NotInValueSet("http://hl7.org/fhir/adverse-event-actuality", ["actual", "potential"]));
        var term = r.Code(o, "event", FhirCodes.AdverseEventTerm, required: true);
        var meddra = FhirRead.TryGet(o, "event", out var ev) ? r.CodeIn(ev, "event", "http://terminology.hl7.org/CodeSystem/mdr", required: false) : null;
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var onset = r.Date(o, "date", required: true);
        var serious = r.Code(o, "seriousness", FhirCodes.AdverseEventSeriousness, required: true, ["serious", "non-serious"]);
        var grade = r.Code(o, "severity", FhirCodes.CtcaeGrade, required: true, ["1", "2", "3", "4", "5"]);
        var outcome = r.Code(o, "outcome", FhirCodes.AdverseEventOutcome, required: true, FhirCodes.AeOutcome.Values.ToList());
        string? admin = null;
        if (FhirRead.TryGet(o, "suspectEntity", out var se) && se.ValueKind == JsonValueKind.Array && se.GetArrayLength() > 0)
            admin = r.Reference(se[0], "suspectEntity[0].instance", "Procedure", required: true);
        var lot = r.ExtensionReference(o, FhirCodes.SuspectProduct, "BiologicallyDerivedProduct", required: false);
        var detail = FhirDetail.ReadAll(o, r, AdverseEventExtensions.Detail).FirstOrDefault();
        var reports = FhirDetail.ReadAll(o, r, RegulatoryReportImport.Url);
        if (term is null || patient is null || onset is null || serious is null || grade is null || outcome is null || !r.Errors.IsEmpty) return null;
        return new FhirAdverseEvent(id, patient, term, meddra, int.Parse(grade, CultureInfo.InvariantCulture), onset.Value, serious == "serious",
            FhirCodes.AeOutcome.First(kv => kv.Value == outcome).Key, admin, lot, detail, new(reports));
    }

    // ---- Questionnaire (read side; FhirQuestionnaire writes it) -----------------------------------------------------

    static FhirQuestionnaireShape? ReadQuestionnaire(JsonElement o, FhirRead r)
    {
        var url = r.String(o, "url", required: true);
        var version = r.String(o, "version", required: true);
        var name = r.String(o, "name", required: true);
        var status = r.String(o, "status", required: true);
        if (status is not null and not ("active" or "draft" or "retired")) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/publication-status", ["draft", "active", "retired"]));
        var items = new List<string>();
        void Walk(JsonElement list, string at)
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var here = $"{at}[{i}]";
                var link = r.String(item, here + ".linkId", required: true, name: "linkId");
                var type = r.String(item, here + ".type", required: true, name: "type");
                if (type == "group")
                {
                    if (FhirRead.TryGet(item, "item", out var children) && children.ValueKind == JsonValueKind.Array) Walk(children, here + ".item");
                    else r.Fail(here + ".item", FhirMessages.BadValue("A group needs items (que-1)."));
                }
                else if (link is not null && type is not null)
                {
                    var options = new List<string>();
                    if (FhirRead.TryGet(item, "answerOption", out var opts) && opts.ValueKind == JsonValueKind.Array)
                        foreach (var opt in opts.EnumerateArray())
                            if (FhirRead.TryGet(opt, "valueCoding", out var c) && FhirRead.TryGet(c, "code", out var code)) options.Add(code.GetString()!);
                    items.Add(link + ":" + type + (type == "choice" ? ":" + string.Join("|", options) : ""));
                }
                i++;
            }
        }
        if (FhirRead.TryGet(o, "item", out var top) && top.ValueKind == JsonValueKind.Array) Walk(top, "item");
        if (url is null || version is null || name is null || !r.Errors.IsEmpty) return null;
        return new FhirQuestionnaireShape(name, version, url, new(items));
    }
}

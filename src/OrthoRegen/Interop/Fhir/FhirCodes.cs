namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Every URL, code system and value set the FHIR mappers write and the validator accepts, in one place
/// (documented in <c>FHIR_EXTENSIONS.md</c> next to this file).
/// </summary>
public static class FhirCodes
{
    public const string Base = "https://orthoregen.org/fhir";

    /// <summary>Identifier system of a record kind: the value is the OrthoRegen record id.</summary>
    public static string RecordSystem(string kind) => $"{Base}/sid/{kind}";
    public const string PseudonymSystem = Base + "/sid/pseudonym";
    public const string RecordNumberSystem = Base + "/sid/mrn";
    /// <summary>ISBT 128 Donation Identification Number (13 characters, FIN + year + sequence).</summary>
    public const string DinSystem = Base + "/sid/isbt128-din";
    /// <summary>ISBT 128 product description code (E/S/P codes of the licensed database).</summary>
    public const string ProductCodeSystem = Base + "/CodeSystem/isbt128-product";
    public const string LotNumberSystem = Base + "/sid/lot-number";

    public static string CodeSystem(string name) => $"{Base}/CodeSystem/{name}";
    public static string Extension(string name) => $"{Base}/StructureDefinition/{name}";

    public static readonly string Indication = CodeSystem("indication");
    public static readonly string Target = CodeSystem("target");
    public static readonly string ConsentForm = CodeSystem("consent-form");
    public static readonly string ConsentPathway = CodeSystem("consent-pathway");
    public static readonly string ConsentAcknowledgement = CodeSystem("consent-acknowledgement");
    public static readonly string ObservationCode = CodeSystem("observation");
    public static readonly string InstrumentScore = CodeSystem("instrument-score");
    public static readonly string ResponseMode = CodeSystem("response-mode");
    public static readonly string VisitCode = CodeSystem("visit");
    public static readonly string CellSource = CodeSystem("cell-source");
    public static readonly string Route = CodeSystem("route");
    public static readonly string ProcedureCode = CodeSystem("procedure");
    public static readonly string ReleaseStatus = CodeSystem("release-status");
    public static readonly string CustodyEvent = CodeSystem("custody-event");
    public static readonly string AdverseEventTerm = CodeSystem("adverse-event-term");
    public static readonly string CtcaeGrade = CodeSystem("ctcae-grade");

    // Extensions (R4 gaps filled with the R5 element names; one StructureDefinition URL each).
    /// <summary>R5 <c>AdverseEvent.suspectEntity.instance[x]</c> may be a BiologicallyDerivedProduct; R4 may not.</summary>
    public static readonly string SuspectProduct = Extension("AdverseEvent.suspectEntity.instanceBiologicallyDerivedProduct");
    /// <summary>R5 <c>Procedure.used</c> (CodeableReference to BiologicallyDerivedProduct); R4 usedReference excludes it.</summary>
    public static readonly string ProcedureUsed = Extension("Procedure.used");
    public static readonly string ConsentPathwayExtension = Extension("consent-pathway");
    public static readonly string ConsentAcknowledgementExtension = Extension("consent-acknowledgement");
    public static readonly string ConsentSignerExtension = Extension("consent-signer");
    public static readonly string ResponseModeExtension = Extension("questionnaireresponse-mode");
    public static readonly string ResponseTargetExtension = Extension("questionnaireresponse-target");
    public static readonly string ResponseVisitExtension = Extension("questionnaireresponse-visit");
    public static readonly string DefinitionVersionExtension = Extension("questionnaireresponse-definition-version");
    public static readonly string CustodyLocationExtension = Extension("custody-location");
    public static readonly string VisitWindowExtension = Extension("encounter-visit-window");
    public static readonly string ScheduledOnExtension = Extension("encounter-scheduled-on");

    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public const string ConditionVerification = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public const string ConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ConsentCategory = "http://terminology.hl7.org/CodeSystem/consentcategorycodes";
    public const string ActCode = "http://terminology.hl7.org/v3-ActCode";
    public const string AdverseEventSeriousness = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
    public const string AdverseEventOutcome = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
    public const string ProvenanceParticipant = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string Language = "urn:ietf:bcp:47";

    /// <summary>OrthoRegen sex → FHIR administrative gender (required binding).</summary>
    public static readonly IReadOnlyDictionary<string, string> Gender = new Dictionary<string, string> { ["F"] = "female", ["M"] = "male", ["X"] = "other" };

    /// <summary>ICD-10 category of each indication, written beside the project code.</summary>
    public static readonly IReadOnlyDictionary<string, (string Code, string Display)> IndicationIcd10 = new Dictionary<string, (string, string)>
    {
        ["KNEE_OA"] = ("M17", "Gonarthrosis [arthrosis of knee]"),
        ["HIP_OA"] = ("M16", "Coxarthrosis [arthrosis of hip]"),
        ["DISC_DEGENERATION"] = ("M51.3", "Other specified intervertebral disc degeneration"),
        ["SCI"] = ("T09.3", "Injury of spinal cord, level unspecified"),
    };

    /// <summary>
    /// LOINC codes of instrument scores, where a summary-score code was verified. Every other score is coded in
    /// <see cref="InstrumentScore"/> as <c>INSTRUMENT.score</c>; adding a verified LOINC code here is the only change
    /// needed (the project coding is always written too, so import never depends on LOINC).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Code, string Display)> ScoreLoinc = new Dictionary<string, (string, string)>
    {
        ["PAIN_NRS.nrs"] = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    };

    /// <summary>Observation codes of imaging grades and biomarkers (project code system).</summary>
    public static readonly IReadOnlyList<string> ImagingGrades = ["KL_GRADE", "PFIRRMANN", "AIS_GRADE"];
    public static readonly IReadOnlyList<string> Biomarkers = ["IL1B", "TNFA", "OTHER"];

    /// <summary>OrthoRegen adverse-event outcome → FHIR R4 adverse-event-outcome (extensible binding).</summary>
    public static readonly IReadOnlyDictionary<string, string> AeOutcome = new Dictionary<string, string>
    {
        ["RECOVERED"] = "resolved", ["RECOVERING"] = "recovering", ["NOT_RECOVERED"] = "ongoing",
        ["RECOVERED_WITH_SEQUELAE"] = "resolvedWithSequelae", ["FATAL"] = "fatal", ["UNKNOWN"] = "unknown",
    };

    /// <summary>Resource types this registry exports, in the order an importer must see them (a patient before what refers to it).</summary>
    public static readonly IReadOnlyList<string> ResourceTypes =
    [
        "Patient", "Questionnaire", "Consent", "Condition", "BiologicallyDerivedProduct", "Provenance", "CarePlan", "Procedure",
        "Encounter", "QuestionnaireResponse", "Observation", "AdverseEvent",
    ];

    /// <summary>The FHIR id of a record id: OrthoRegen ids are 32 hex digits, valid FHIR ids as they are.</summary>
    public static string UrnOf(string resourceType, string id) =>
        Guid.TryParseExact(id, "N", out var g) ? $"urn:uuid:{g:D}" : $"urn:uuid:{DeterministicGuid(resourceType + "/" + id):D}";

    static Guid DeterministicGuid(string s)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8 (custom), RFC 9562
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

namespace OrthoRegen.Interop.Fhir;

/// <summary>The complex extensions (<see cref="FhirDetail"/>) of the product half of the pathway; documented in FHIR_EXTENSIONS.md.</summary>
public static class ProductExtensions
{
    /// <summary>Procedure (harvest): origin, collectedAt, volumeMl, collector, din, dinFlags, isTest.</summary>
    public static readonly string Collection = FhirCodes.Extension("collection-detail");
    /// <summary>Procedure (administration): injection number, division, guidance, level, operator, observation, reaction, the bedside scans.</summary>
    public static readonly string Administration = FhirCodes.Extension("administration-detail");
    /// <summary>BiologicallyDerivedProduct: product type, manipulation, route, plan, physician, dose volume, collection references.</summary>
    public static readonly string Lot = FhirCodes.Extension("lot-detail");
    /// <summary>BiologicallyDerivedProduct (0..*): one processing step (R5 <c>BiologicallyDerivedProduct.processing</c> is gone; R4's lacks the counts).</summary>
    public static readonly string Processing = FhirCodes.Extension("lot-processing");
    /// <summary>BiologicallyDerivedProduct (0..*): one division (ISBT 128 division code, volume, viable cells, recipient).</summary>
    public static readonly string Division = FhirCodes.Extension("lot-division");
    /// <summary>BiologicallyDerivedProduct (0..*): one QC result (current version), named after R5 <c>BiologicallyDerivedProduct.property</c>.</summary>
    public static readonly string Qc = FhirCodes.Extension("lot-qc-result");
    /// <summary>Provenance of a custody event: item kind, division, temperature or logger, condition, verifiers, expiry, notes.</summary>
    public static readonly string Custody = FhirCodes.Extension("custody-detail");
    /// <summary>Provenance of a release decision: reason and the physician's acknowledgement of a conditional release.</summary>
    public static readonly string Decision = FhirCodes.Extension("release-decision-detail");

    /// <summary>BiologicallyDerivedProduct (0..*, allogeneic): one harvest from the lot's donor, with the collection-detail fields plus id and tissue.</summary>
    public static readonly string DonorCollection = FhirCodes.Extension("donor-collection");
    /// <summary>Contained donor Patient: donor type and the reference of the donor's consent.</summary>
    public static readonly string DonorDetail = FhirCodes.Extension("donor-detail");
    /// <summary>Contained donor Patient (0..*): one infectious-marker screening result (marker, method, result, testedOn).</summary>
    public static readonly string DonorScreening = FhirCodes.Extension("donor-screening");
    /// <summary>The meta.tag code that marks a contained Patient as an allogeneic donor.</summary>
    public const string DonorTag = "DONOR";

    public static readonly string[] LotDetails = [Lot, Processing, Division, Qc, DonorCollection];
}

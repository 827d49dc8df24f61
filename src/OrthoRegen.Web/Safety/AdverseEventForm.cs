using OrthoRegen.Safety;
using OrthoRegen.Web.Components.Shared;
using C = OrthoRegen.Safety.AdverseEventCodes.Criteria;

namespace OrthoRegen.Web.Safety;

/// <summary>The adverse-event form as posted (text fields and one checkbox per seriousness criterion); translates to Core's request.</summary>
public sealed class AdverseEventForm
{
    public string? Term { get; set; }
    public string? MeddraPt { get; set; }
    public string? CtcaeTerm { get; set; }
    public string? CtcaeVersion { get; set; } = "5.0";
    public string? Grade { get; set; } = "1";
    public string? Onset { get; set; }
    public string? Resolved { get; set; }
    public string? Outcome { get; set; } = "RECOVERING";
    public bool Death { get; set; }
    public bool LifeThreatening { get; set; }
    public bool Hospitalization { get; set; }
    public bool Disability { get; set; }
    public bool CongenitalAnomaly { get; set; }
    public bool ImportantMedicalEvent { get; set; }
    public bool SeriousnessAssessed { get; set; }
    public string? RelatedToProduct { get; set; }
    public string? RelatedToProcedure { get; set; }
    public string? Action { get; set; } = "NONE";
    public string? AwareDate { get; set; }
    public string? Reporter { get; set; }
    public string? AdministrationId { get; set; }
    public string? LotId { get; set; }
    public string? CellSource { get; set; }
    public string? Route { get; set; }
    public string? Pathway { get; set; }
    /// <summary>Follow-up only: the version the form was filled from, and why it changes.</summary>
    public int Version { get; set; }
    public string? Reason { get; set; }

    string[] Criteria() =>
        new (bool Ticked, string Code)[]
        {
            (Death, C.Death), (LifeThreatening, C.LifeThreatening), (Hospitalization, C.Hospitalization), (Disability, C.Disability),
            (CongenitalAnomaly, C.CongenitalAnomaly), (ImportantMedicalEvent, C.ImportantMedicalEvent),
        }.Where(x => x.Ticked).Select(x => x.Code).ToArray();

    /// <summary>Core's request; a grade that is not a number is reported under <c>grade</c> in <paramref name="errors"/>.</summary>
    public RecordAdverseEvent ToRequest(Dictionary<string, string[]> errors) => new()
    {
        Term = Term, MeddraPt = MeddraPt, CtcaeTerm = CtcaeTerm, CtcaeVersion = CtcaeVersion, Grade = FormNumbers.Int("grade", Grade, errors),
        Onset = Onset, Resolved = Resolved, Outcome = Outcome, SeriousnessCriteria = Criteria(), SeriousnessAssessed = SeriousnessAssessed,
        RelatedToProduct = RelatedToProduct, RelatedToProcedure = RelatedToProcedure, Action = Action, AwareDate = AwareDate, Reporter = Reporter,
        AdministrationId = AdministrationId, LotId = LotId, CellSource = CellSource, Route = Route, Pathway = Pathway,
    };

    public UpdateAdverseEvent ToUpdate(Dictionary<string, string[]> errors)
    {
        var r = ToRequest(errors);
        return new UpdateAdverseEvent
        {
            Term = r.Term, MeddraPt = r.MeddraPt, CtcaeTerm = r.CtcaeTerm, CtcaeVersion = r.CtcaeVersion, Grade = r.Grade, Onset = r.Onset,
            Resolved = r.Resolved, Outcome = r.Outcome, SeriousnessCriteria = r.SeriousnessCriteria, SeriousnessAssessed = r.SeriousnessAssessed,
            RelatedToProduct = r.RelatedToProduct, RelatedToProcedure = r.RelatedToProcedure, Action = r.Action, AwareDate = r.AwareDate,
            Reporter = r.Reporter, AdministrationId = r.AdministrationId, LotId = r.LotId, CellSource = r.CellSource, Route = r.Route,
            Pathway = r.Pathway, Version = Version, Reason = Reason,
        };
    }

    /// <summary>A follow-up form filled from the current version.</summary>
    public static AdverseEventForm From(AdverseEventRecord e) => new()
    {
        Term = e.Term, MeddraPt = e.MeddraPt, CtcaeTerm = e.CtcaeTerm, CtcaeVersion = e.CtcaeVersion, Grade = e.Grade.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Onset = e.Onset.ToString("yyyy-MM-dd"), Resolved = e.Resolved?.ToString("yyyy-MM-dd"), Outcome = e.Outcome,
        Death = e.SeriousnessCriteria.Contains(C.Death), LifeThreatening = e.SeriousnessCriteria.Contains(C.LifeThreatening),
        Hospitalization = e.SeriousnessCriteria.Contains(C.Hospitalization), Disability = e.SeriousnessCriteria.Contains(C.Disability),
        CongenitalAnomaly = e.SeriousnessCriteria.Contains(C.CongenitalAnomaly), ImportantMedicalEvent = e.SeriousnessCriteria.Contains(C.ImportantMedicalEvent),
        SeriousnessAssessed = e.SeriousnessAssessed, RelatedToProduct = e.RelatedToProduct, RelatedToProcedure = e.RelatedToProcedure,
        Action = e.Action, AwareDate = e.AwareDate.ToString("yyyy-MM-dd"), Reporter = e.Reporter, AdministrationId = e.AdministrationId,
        LotId = e.LotId, CellSource = e.CellSource, Route = e.Route, Pathway = e.Pathway, Version = e.Version,
    };
}

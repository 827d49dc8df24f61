using OrthoRegen.Instruments;

namespace OrthoRegen.Portal;

/// <summary>A coordinator's request for a link: the due visits it opens, and optionally an earlier expiry.</summary>
public sealed record IssuePortalLink
{
    /// <summary>Ids of due follow-up visits of the patient (1–20).</summary>
    public IReadOnlyList<string>? VisitIds { get; init; }
    /// <summary>ISO 8601 instant with offset; must be in the future and not after the default expiry.</summary>
    public string? ExpiresAt { get; init; }
}

/// <summary>The status of a link on a given instant (computed on read, never stored).</summary>
public static class PortalLinkStatus
{
    public const string Active = "ACTIVE", Expired = "EXPIRED", Revoked = "REVOKED", UsedUp = "USED_UP";
    public static readonly IReadOnlyList<string> All = [Active, Expired, Revoked, UsedUp];

    /// <summary>Revoked wins over expired, expired over used up (every instrument of every visit submitted).</summary>
    public static string Of(DateTimeOffset now, DateTimeOffset expiresAt, DateTimeOffset? revokedAt, bool usedUp) =>
        revokedAt is not null ? Revoked : now >= expiresAt ? Expired : usedUp ? UsedUp : Active;
}

/// <summary>One visit a link opens, its instruments and those already done.</summary>
public sealed record PortalLinkVisit(string VisitId, string VisitCode, string Target, IReadOnlyList<string> Instruments, IReadOnlyList<string> Done);

/// <summary>A link as staff see it (never the token).</summary>
/// <param name="Automatic">Issued by the automatic rule when the visit window opened.</param>
public sealed record PortalLinkView(
    string Id, string PatientId, IReadOnlyList<PortalLinkVisit> Visits, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string? RevokedBy, bool Automatic, string Status);

/// <summary>A new link: the only time its address (with the token) is returned.</summary>
public sealed record IssuedPortalLink(PortalLinkView Link, string Url, string SendStatus);

/// <summary>A visit a coordinator can issue a link for now, with the instruments still to do.</summary>
public sealed record DuePortalVisit(string VisitId, string VisitCode, string Target, DateOnly WindowStart, DateOnly WindowEnd, IReadOnlyList<string> Instruments);

/// <summary>One message of the outbox. <see cref="Link"/> is the address to hand over while the link is active, else null.</summary>
public sealed record PortalOutboxEntry(string Id, string LinkId, string Channel, string Summary, string Status, DateTimeOffset CreatedAt, string LinkStatus, string? Link);

/// <summary>What an opened link shows the patient: their due instruments at the link's visits, and nothing else.</summary>
/// <param name="Language">The patient's preferred language (en, ko, zh).</param>
public sealed record PortalSession(string LinkId, string PatientId, string Language, DateTimeOffset ExpiresAt, IReadOnlyList<PortalVisit> Visits)
{
    public PortalInstrumentState? Find(string visitId, string instrument) =>
        Visits.FirstOrDefault(v => v.VisitId == visitId)?.Instruments.FirstOrDefault(i => i.Code == instrument);
}

/// <summary>A visit of the link with its instruments.</summary>
public sealed record PortalVisit(string VisitId, string VisitCode, string Target, DateOnly WindowEnd, IReadOnlyList<PortalInstrumentState> Instruments);

/// <summary>Progress through one instrument: answers saved so far, and the first item still unanswered (where to resume).</summary>
/// <param name="Submitted">Done for this visit: its questions can no longer be changed.</param>
public sealed record PortalInstrumentState(string VisitId, string Code, LocalizedText Title, int Answered, int Total, bool Submitted, string? NextItem);

/// <summary>One question screen: the item, its place in the instrument, and the saved answer.</summary>
public sealed record PortalQuestion(
    PortalInstrumentState Instrument, ItemDefinition Item, LocalizedText Section, PortalQuestionText Text, int Number, int Total,
    string? Previous, string? Next, string? Saved);

/// <summary>The patient's own results: one entry per instrument and target, oldest response first.</summary>
public sealed record PortalResults(IReadOnlyList<PortalInstrumentResult> Instruments);

/// <summary>One instrument's scores over time for the patient, with the change from baseline of each follow-up.</summary>
/// <param name="Charted">Scores drawn in <see cref="Svg"/> (those with a minimal important change, else the first).</param>
public sealed record PortalInstrumentResult(InstrumentDefinition Definition, ScoreHistory History, IReadOnlyList<string> Charted, string Svg);

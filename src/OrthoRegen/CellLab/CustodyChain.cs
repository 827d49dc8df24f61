namespace OrthoRegen.CellLab;

/// <summary>A custody event that passed rule I3, ready to store.</summary>
public sealed record ValidCustodyEvent(
    string ItemKind, string ItemId, string Event, string FromParty, string ToParty, string Location, DateTimeOffset At,
    double? TempC, string? TempLoggerId, bool ConditionOk, string? Verifier1, string? Verifier2, DateTimeOffset? ExpiresAt, string? Notes);

/// <summary>
/// Rule I3 of DOMAIN.md 3.4 for one item's chain of custody: every event has from, to, time and location; storage
/// temperature (or a logger id) is recorded; LABELED and ISSUED need two different verifiers; and each event's
/// receiver (<c>to_party</c>) is the next event's sender (<c>from_party</c>), so there is never an unrecorded holder.
/// Parties are compared trimmed and case-insensitively.
/// </summary>
public static class CustodyChain
{
    /// <summary>Validates <paramref name="r"/> against the item's earlier events (any order); errors are keyed by field.</summary>
    public static (ValidCustodyEvent? Event, FieldErrors Errors) Validate(RecordCustodyEvent r, IReadOnlyList<CustodyEventView> earlier, DateTimeOffset now, DateTimeOffset? lotExpiry)
    {
        var e = new FieldErrors();
        var kind = e.OneOf("itemKind", r.ItemKind, CellLabCodes.CustodyItemKinds);
        var itemId = e.Required("itemId", r.ItemId, 64);
        var ev = e.OneOf("event", r.Event, CellLabCodes.CustodyEvents);
        var from = e.Required("fromParty", r.FromParty, 120);
        var to = e.Required("toParty", r.ToParty, 120);
        var location = e.Required("location", r.Location, 120);
        var at = e.Instant("at", r.At, required: true, notAfter: now);
        var temp = e.Number("tempC", r.TempC, -200, 60, required: false, "°C");
        var logger = e.Optional("tempLoggerId", r.TempLoggerId, 60);
        if (r.TempC is null && logger is null) e.Add("tempC", CellLabMessages.I3Temperature);
        if (r.ConditionOk is null) e.Add("conditionOk", "Required: was the item's condition acceptable (true or false)?");
        var v1 = e.Optional("verifier1", r.Verifier1, 60);
        var v2 = e.Optional("verifier2", r.Verifier2, 60);
        if (ev is not null && CellLabCodes.TwoPersonEvents.Contains(ev))
        {
            if (v1 is null) e.Add("verifier1", CellLabMessages.I3MissingVerifiers);
            if (v2 is null) e.Add("verifier2", CellLabMessages.I3MissingVerifiers);
            else if (v1 is not null && Same(v1, v2)) e.Add("verifier2", CellLabMessages.I3SameVerifier);
        }
        var expires = kind == CellLabCodes.ItemCollection ? e.Instant("expiresAt", r.ExpiresAt, required: false) : lotExpiry;
        var notes = e.Optional("notes", r.Notes, 1000);
        var last = Ordered(earlier).LastOrDefault();
        if (last is not null && at is { } when)
        {
            if (when < last.At) e.Add("at", CellLabMessages.I3OutOfOrder);
            if (from is not null && !Same(from, last.ToParty)) e.Add("fromParty", CellLabMessages.I3ChainBreak(last.ToParty, last.Event));
        }
        if (!e.IsEmpty) return (null, e);
        return (new ValidCustodyEvent(kind!, itemId!, ev!, from!, to!, location!, at!.Value, temp, logger, r.ConditionOk!.Value, v1, v2, expires, notes), e);
    }

    /// <summary>The events of one item in custody order (time, then recording time).</summary>
    public static IReadOnlyList<CustodyEventView> Ordered(IEnumerable<CustodyEventView> events) =>
        events.OrderBy(x => x.At).ThenBy(x => x.RecordedAt).ToList();

    /// <summary>
    /// Positions (index into <see cref="Ordered"/>) of events whose sender is not the previous event's receiver, and
    /// events lacking a second verifier where I3 needs one. Empty for an intact chain.
    /// </summary>
    public static IReadOnlyList<(int Index, string Problem)> Breaks(IEnumerable<CustodyEventView> events)
    {
        var list = Ordered(events);
        var problems = new List<(int, string)>();
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0 && !Same(list[i - 1].ToParty, list[i].FromParty)) problems.Add((i, CellLabMessages.I3ChainBreak(list[i - 1].ToParty, list[i - 1].Event)));
            if (CellLabCodes.TwoPersonEvents.Contains(list[i].Event) && (list[i].Verifier1 is null || list[i].Verifier2 is null || Same(list[i].Verifier1!, list[i].Verifier2!)))
                problems.Add((i, CellLabMessages.I3MissingVerifiers));
        }
        return problems;
    }

    /// <summary>True when a LABELED event with two different verifiers exists (the identity check of Q10).</summary>
    public static bool HasTwoPersonLabelCheck(IEnumerable<CustodyEventView> events) =>
        events.Any(x => x.Event == "LABELED" && x.Verifier1 is not null && x.Verifier2 is not null && !Same(x.Verifier1, x.Verifier2));

    static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}

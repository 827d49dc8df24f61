using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.CellLab;

/// <summary>
/// Chain-of-custody events (DOMAIN.md 2 CustodyEvent, rule I3): the only code writing <c>custody_event_versions</c>.
/// It reads the item's site, lot and expiry from the lab tables to validate and stamp each event.
/// </summary>
public sealed class CustodyStore(Database database, AuditTrail audit, TimeProvider clock)
{
    public const string Kind = "custody_event";

    internal const string InsertSql = """
        INSERT INTO custody_event_versions (id, version, site_id, item_kind, item_id, lot_id, event, from_party, to_party, location, at, temp_c,
            temp_logger_id, condition_ok, verifier_1, verifier_2, expires_at, notes, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @SiteId, @ItemKind, @ItemId, @LotId, @Event, @FromParty, @ToParty, @Location, @At, @TempC, @TempLoggerId, @ConditionOk,
            @Verifier1, @Verifier2, @ExpiresAt, @Notes, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    internal const string SelectSql = """
        SELECT e.id AS Id, e.item_kind AS ItemKind, e.item_id AS ItemId, e.lot_id AS LotId, e.event AS Event, e.from_party AS FromParty,
               e.to_party AS ToParty, e.location AS Location, e.at AS At, e.temp_c AS TempC, e.temp_logger_id AS TempLoggerId,
               e.condition_ok AS ConditionOk, e.verifier_1 AS Verifier1, e.verifier_2 AS Verifier2, e.expires_at AS ExpiresAt, e.notes AS Notes,
               e.recorded_by AS RecordedBy, e.recorded_at AS RecordedAt
        FROM custody_event_versions e JOIN record_heads h ON h.id = e.id AND h.current_version = e.version
        WHERE NOT e.entered_in_error
        """;
    const string CollectionItemSql = """
        SELECT c.site_id AS SiteId, NULL AS LotId, c.patient_id AS PatientId, NULL AS ExpiresAt
        FROM collection_versions c JOIN record_heads h ON h.id = c.id AND h.current_version = c.version WHERE c.id = @id
        """;
    const string LotItemSql = """
        SELECT p.site_id AS SiteId, p.id AS LotId, v.recipient_patient_id AS PatientId, v.expires_at AS ExpiresAt
        FROM product_lots p JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version WHERE p.id = @id
        """;
    const string DivisionItemSql = """
        SELECT p.site_id AS SiteId, p.id AS LotId, COALESCE(d.recipient_patient_id, v.recipient_patient_id) AS PatientId, v.expires_at AS ExpiresAt
        FROM lot_division_versions d JOIN record_heads hd ON hd.id = d.id AND hd.current_version = d.version
        JOIN product_lots p ON p.id = d.lot_id JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version
        WHERE d.id = @id
        """;

    /// <summary>Records one event after rule I3 (from/to/time/location, temperature, two verifiers, unbroken chain).</summary>
    public async Task<Outcome<CustodyEventView>> RecordAsync(Actor actor, RecordCustodyEvent r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pre = new FieldErrors();
        var kind = pre.OneOf("itemKind", r.ItemKind, CellLabCodes.CustodyItemKinds);
        var itemId = r.ItemId?.Trim();
        if (kind is null || !Ids.LooksValid(itemId))
        {
            if (!Ids.LooksValid(itemId)) pre.Add("itemId", "Required: the id of the collection, lot or division.");
            return Outcome.Invalid<CustodyEventView>(pre.ToDictionary());
        }
        var item = await ItemAsync(kind, itemId!, ct);
        if (item is null || !actor.CanAccessSite(item.SiteId)) return Outcome.NotFound<CustodyEventView>();
        var earlier = await ForItemAsync(kind, itemId!, ct);
        var (valid, e) = CustodyChain.Validate(r, earlier, now, item.ExpiresAt);
        if (valid is null) return Outcome.Invalid<CustodyEventView>(e.ToDictionary());
        var id = Ids.New(clock);
        var written = await database.InTransactionAsync(async (c, tx) =>
        {
            // Re-read the chain's last holder inside the transaction so two concurrent hand-overs cannot both start from it.
            var last = await c.QueryFirstOrDefaultAsync<string>(
                "SELECT e.to_party FROM custody_event_versions e WHERE e.item_kind = @kind AND e.item_id = @itemId AND NOT e.entered_in_error ORDER BY e.at DESC, e.recorded_at DESC LIMIT 1",
                new { kind, itemId }, tx);
            if (last is not null && !string.Equals(last.Trim(), valid.FromParty.Trim(), StringComparison.OrdinalIgnoreCase)) return false;
            await VersionedRecords.CreateAsync(c, tx, id, Kind, item.PatientId, now, actor.Username);
            await c.ExecuteAsync(InsertSql, new
            {
                Id = id, item.SiteId, valid.ItemKind, valid.ItemId, item.LotId, valid.Event, valid.FromParty, valid.ToParty, valid.Location, valid.At,
                valid.TempC, valid.TempLoggerId, valid.ConditionOk, valid.Verifier1, valid.Verifier2, valid.ExpiresAt, valid.Notes,
                RecordedBy = actor.Username, RecordedAt = now,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, item.PatientId,
                ["item_kind", "item_id", "event", "from_party", "to_party", "location", "at", "verifiers"]));
            return true;
        }, ct);
        if (!written) return Outcome.Conflict<CustodyEventView>("Another custody event for this item was recorded meanwhile. Reload and record again.");
        return (await ForItemAsync(kind, itemId!, ct)).First(x => x.Id == id);
    }

    /// <summary>One item's events in custody order.</summary>
    public async Task<IReadOnlyList<CustodyEventView>> ForItemAsync(string itemKind, string itemId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return CustodyChain.Ordered(await c.QueryAsync<CustodyEventView>(new CommandDefinition(
            SelectSql + " AND e.item_kind = @itemKind AND e.item_id = @itemId", new { itemKind, itemId }, cancellationToken: ct)));
    }

    /// <summary>Events of a lot, its collections and its divisions (custody order within each item).</summary>
    public async Task<IReadOnlyList<CustodyEventView>> ForLotAsync(string lotId, IReadOnlyList<string> collectionIds, IReadOnlyList<string> divisionIds, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var args = new DynamicParameters();
        args.Add("lotId", lotId);
        var items = collectionIds.Concat(divisionIds).Append(lotId).ToList();
        var rows = await c.QueryAsync<CustodyEventView>(new CommandDefinition(SelectSql + " AND " + SqlList.In("e.item_id", items, args, "i"), args, cancellationToken: ct));
        return rows.OrderBy(x => x.ItemKind == CellLabCodes.ItemCollection ? 0 : x.ItemKind == CellLabCodes.ItemLot ? 1 : 2)
            .ThenBy(x => x.ItemId).ThenBy(x => x.At).ThenBy(x => x.RecordedAt).ToList();
    }

    async Task<ItemRow?> ItemAsync(string kind, string id, CancellationToken ct)
    {
        var sql = kind switch { CellLabCodes.ItemCollection => CollectionItemSql, CellLabCodes.ItemLot => LotItemSql, _ => DivisionItemSql };
        await using var c = await database.OpenAsync(ct);
        return await c.QueryFirstOrDefaultAsync<ItemRow>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
    }

    sealed record ItemRow
    {
        public string SiteId { get; init; } = "";
        public string? LotId { get; init; }
        public string? PatientId { get; init; }
        public DateTimeOffset? ExpiresAt { get; init; }
    }
}

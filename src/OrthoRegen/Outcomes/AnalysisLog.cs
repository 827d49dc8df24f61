using System.Security.Cryptography;
using System.Text;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Outcomes;

/// <summary>One recorded analysis run: what was run, by whom, on which cohort (canonical JSON) with which parameters.</summary>
public sealed record AnalysisRun(string Id, DateTimeOffset At, string Actor, string Analysis, string Definition, string DefinitionHash, string? Parameters);

/// <summary>
/// Records every analysis run (trajectories, responders, survival, lot-to-outcome, safety rates, outlook …) with the
/// cohort definition it ran on. The run row and its audit row are written in one transaction; the audit row names the
/// run and carries the SHA-256 of the canonical definition, so the hash chain also protects what was analysed.
/// </summary>
public sealed class AnalysisLog(Database database, AuditTrail audit, TimeProvider clock)
{
    public const string Entity = "cohort_analysis";

    const string InsertSql = """
        INSERT INTO analysis_runs (id, at, actor, analysis, definition, definition_hash, parameters)
        VALUES (@Id, @At, @Actor, @Analysis, @Definition, @DefinitionHash, @Parameters)
        """;
    const string RecentSql = """
        SELECT id AS Id, at AS At, actor AS Actor, analysis AS Analysis, definition AS Definition,
               definition_hash AS DefinitionHash, parameters AS Parameters
        FROM analysis_runs ORDER BY at DESC, id DESC LIMIT @limit
        """;

    /// <summary>Records one run of <paramref name="analysis"/> (a short code such as <c>trajectories</c>) on the cohort.</summary>
    public async Task RecordAsync(Actor actor, string analysis, CohortDefinition definition, string? parameters, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(analysis);
        var canonical = definition.ToCanonicalJson();
        var run = new AnalysisRun(Ids.New(clock), clock.GetUtcNow(), actor.Username, analysis, canonical, HashOf(canonical), parameters);
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(InsertSql, run, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Read, Entity, run.Id, null,
                [$"analysis={analysis}", $"cohort=sha256:{run.DefinitionHash}"]));
            return 0;
        }, ct);
    }

    /// <summary>The latest runs, newest first.</summary>
    public async Task<IReadOnlyList<AnalysisRun>> RecentAsync(int limit, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<RunRow>(new CommandDefinition(RecentSql, new { limit = Math.Clamp(limit, 1, 1000) }, cancellationToken: ct));
        return rows.Select(r => new AnalysisRun(r.Id, r.At, r.Actor, r.Analysis, r.Definition, r.DefinitionHash, r.Parameters)).ToList();
    }

    sealed record RunRow
    {
        public string Id { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string Actor { get; init; } = "";
        public string Analysis { get; init; } = "";
        public string Definition { get; init; } = "";
        public string DefinitionHash { get; init; } = "";
        public string? Parameters { get; init; }
    }

    /// <summary>Lowercase hex SHA-256 of the canonical definition text.</summary>
    public static string HashOf(string canonicalDefinition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalDefinition)));
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Evidence;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Safety;
using OrthoRegen.Treatment;

namespace OrthoRegen.Demo;

/// <summary>What to generate. <see cref="AsOf"/> is "today" of the cohort; null means the clock's date.</summary>
public sealed record DemoRequest(int? Patients, long? Seed, int? Sites = 1, string? AsOf = null, int? BatchSize = null);

/// <summary>A generated cohort: how many rows went where, and how long it took.</summary>
/// <param name="LiteratureStudies">Published studies of the evidence demo library added alongside (0 when already loaded).</param>
public sealed record DemoResult(string CohortId, int Patients, int Sites, long Seed, DateOnly AsOf, long Rows, TimeSpan Elapsed, int LiteratureStudies);

/// <summary>Progress after each committed batch.</summary>
public sealed record DemoProgress(int PatientsDone, int PatientsTotal, long RowsWritten);

/// <summary>One generated cohort as recorded in <c>demo_cohorts</c>.</summary>
public sealed record DemoCohort(string Id, long Seed, int Patients, int Sites, DateOnly AsOf, string GeneratedBy, DateTimeOffset GeneratedAt,
    DateTimeOffset? CompletedAt, long? RowsWritten);

/// <summary>Every sentence the demo slice shows a person.</summary>
public static class DemoMessages
{
    public const int MaxPatients = 5_000_000;
    public const int MaxSites = 50;
    public static string PatientsRange => $"Give a number of patients from 1 to {MaxPatients:N0}.";
    public static string SitesRange => $"Give a number of sites from 1 to {MaxSites}.";
    public const string SeedRequired = "Give a seed (a whole number); the same seed gives the same cohort.";
    public const string SeedUsed = "A demo cohort with this seed is already in the database; choose another seed.";
    public const string NotEmpty = "The database already holds patients; the demo button only fills an empty database (use the command line to add a cohort).";
}

/// <summary>
/// Generates a synthetic demo cohort straight into the normal tables, streaming: patients are generated one at a time
/// into a batch buffer (default 2,000 patients), each batch is written in one transaction with bulk inserts (prepared
/// statements on SQLite, binary COPY on PostgreSQL) and one audit entry, and the buffer is reused, so memory does not
/// grow with the cohort. Same seed and as-of date → the same rows (ids included) in an empty database.
/// </summary>
public sealed class DemoGenerator(Database database, AuditTrail audit, DemoRules rules, EvidenceDemoLibrary literature, TimeProvider clock)
{
    public const string Kind = "demo_cohort";
    public const int DefaultBatchPatients = 2_000;

    const string InsertCohort = """
        INSERT INTO demo_cohorts (id, seed, patients, sites, as_of, generated_by, generated_at)
        VALUES (@Id, @Seed, @Patients, @Sites, @AsOf, @By, @At)
        """;
    const string CompleteCohort = "UPDATE demo_cohorts SET completed_at = @At, rows_written = @Rows WHERE id = @Id";
    const string CohortsSql = """
        SELECT id AS Id, seed AS Seed, patients AS Patients, sites AS Sites, as_of AS AsOf, generated_by AS GeneratedBy,
               generated_at AS GeneratedAt, completed_at AS CompletedAt, rows_written AS RowsWritten
        FROM demo_cohorts ORDER BY generated_at
        """;
    const string UpsertDinSequence = """
        INSERT INTO lab_din_sequences (fin, year, last_sequence) VALUES (@fin, @year, @last)
        ON CONFLICT (fin, year) DO UPDATE SET last_sequence = @last
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Checks the request; errors are keyed by the option/field name (patients, seed, sites, asOf, batchSize).</summary>
    public (int Patients, long Seed, int Sites, DateOnly AsOf, int Batch, FieldErrors Errors) Validate(DemoRequest r)
    {
        var e = new FieldErrors();
        if (r.Patients is not (>= 1 and <= DemoMessages.MaxPatients)) e.Add("patients", DemoMessages.PatientsRange);
        if (r.Seed is null) e.Add("seed", DemoMessages.SeedRequired);
        if (r.Sites is not (>= 1 and <= DemoMessages.MaxSites)) e.Add("sites", DemoMessages.SitesRange);
        var asOf = string.IsNullOrWhiteSpace(r.AsOf) ? Today : e.Date("asOf", r.AsOf, required: true, new DateOnly(2000, 1, 1), Today.AddYears(1)) ?? Today;
        var batch = r.BatchSize ?? DefaultBatchPatients;
        if (batch is < 1 or > 100_000) e.Add("batchSize", "Give a batch size from 1 to 100,000 patients.");
        return (r.Patients ?? 0, r.Seed ?? 0, r.Sites ?? 1, asOf, batch, e);
    }

    /// <summary>The cohorts generated into this database, oldest first.</summary>
    public async Task<IReadOnlyList<DemoCohort>> CohortsAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<CohortRow>(new CommandDefinition(CohortsSql, cancellationToken: ct)))
            .Select(r => new DemoCohort(r.Id, r.Seed, (int)r.Patients, (int)r.Sites, r.AsOf, r.GeneratedBy, r.GeneratedAt, r.CompletedAt, r.RowsWritten)).ToList();
    }

    /// <summary>True when no patient is registered yet (the web button's condition).</summary>
    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM patients", cancellationToken: ct)) == 0;
    }

    /// <summary>
    /// Generates the cohort. Invalid when an option is out of range or the seed was used before in this database; with
    /// <paramref name="onlyIfEmpty"/>, also when the database already holds patients.
    /// </summary>
    public async Task<Outcome<DemoResult>> GenerateAsync(Actor actor, DemoRequest request, bool onlyIfEmpty, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        var (patients, seed, siteCount, asOf, batchSize, errors) = Validate(request);
        if (!errors.IsEmpty) return Outcome.Invalid<DemoResult>(errors.ToDictionary());
        if (onlyIfEmpty && !await IsEmptyAsync(ct)) return Outcome.Invalid<DemoResult>(new FieldErrors().Add("patients", DemoMessages.NotEmpty).ToDictionary());
        var seedUsed = Outcome.Invalid<DemoResult>(new FieldErrors().Add("seed", DemoMessages.SeedUsed).ToDictionary());
        // An unfinished cohort with the same request (a generation that was killed or failed) is resumed, not refused:
        // the committed batches stay, and the rest is generated exactly as the uninterrupted run would have.
        var unfinished = (await CohortsAsync(ct)).FirstOrDefault(c => c.Seed == seed);
        if (unfinished is not null && (unfinished.CompletedAt is not null || unfinished.Patients != patients || unfinished.Sites != siteCount || unfinished.AsOf != asOf))
            return seedUsed;

        var watch = Stopwatch.StartNew();
        var ids = new DemoIdentity(seed, unfinished is null ? await DinSequencesAsync(ct) : new Dictionary<int, int>());
        var sites = await PlanSitesAsync(siteCount, ids, ct);
        var cohortId = ids.NextId();
        if (unfinished is not null && unfinished.Id != cohortId) return seedUsed;
        var rows = DemoTables.Declare();
        var writer = new DemoPatient(rules, rows, ids, actor.Username, asOf);
        long written = 0;
        var resumeAt = unfinished is null ? 0 : await CommittedPatientsAsync(cohortId, ct);
        if (unfinished is not null)
        {
            // Replaying the committed patients without writing them brings the id counter to where the killed run
            // stopped; the DIN counters are then the database's own, which the committed batches left there.
            for (var i = 0; i < resumeAt; i++)
            {
                writer.Write(i, sites[i % sites.Count].Site.Id, DemoRandom.ForPatient(seed, i));
                written += rows.Count;
                rows.Clear();
            }
            ids.ContinueDinSequences(await DinSequencesAsync(ct));
        }

        await using (var bulk = await BulkWriter.OpenAsync(database, ct))
        {
            var done = resumeAt;
            var first = unfinished is null;
            while (done < patients)
            {
                ct.ThrowIfCancellationRequested();
                var end = Math.Min(patients, done + batchSize);
                for (var i = done; i < end; i++)
                    writer.Write(i, sites[i % sites.Count].Site.Id, DemoRandom.ForPatient(seed, i));
                var count = rows.Count;
                await using (var tx = await bulk.BeginAsync(ct))
                {
                    if (first)
                    {
                        // New demo sites commit with the first batch, audited, so a kill before it leaves no trace.
                        foreach (var (site, _) in sites.Where(x => x.IsNew))
                        {
                            await bulk.Connection.ExecuteAsync("INSERT INTO sites (id, code, name, created_at) VALUES (@id, @code, @name, @at)",
                                new { id = site.Id, code = site.Code, name = site.Name, at = clock.GetUtcNow() }, tx);
                            await audit.AppendAsync(bulk.Connection, tx, actor, new AuditEvent(AuditAction.Create, "site", site.Id, null, ["code", "name"]));
                        }
                        await bulk.Connection.ExecuteAsync(InsertCohort, new
                        {
                            Id = cohortId, Seed = seed, Patients = patients, Sites = siteCount, AsOf = asOf, By = actor.Username, At = clock.GetUtcNow(),
                        }, tx);
                    }
                    await bulk.WriteAsync(rows, tx, ct);
                    foreach (var (year, last) in ids.DinSequences)
                        await bulk.Connection.ExecuteAsync(UpsertDinSequence, new { fin = CellLabOptions.FictitiousFin, year, last }, tx);
                    await audit.AppendAsync(bulk.Connection, tx, actor, new AuditEvent(AuditAction.Create, Kind, cohortId, null,
                        [$"seed={seed}", $"patients={done + 1}-{end}", $"rows={count}"]));
                    await tx.CommitAsync(ct);
                }
                first = false;
                written += count;
                done = end;
                progress?.Report(new DemoProgress(done, patients, written));
            }
        }
        // The published studies of DOMAIN.md 5 go in beside the synthetic cohort, each labelled with its source (idempotent).
        var studies = await literature.LoadAsync(actor, ct);
        // Complete only now: a run killed during the literature load is still unfinished, and running it again ends it.
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(CompleteCohort, new { Id = cohortId, At = clock.GetUtcNow(), Rows = written }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, cohortId, null, ["completed_at", "rows_written"]));
            return 0;
        }, ct);
        return new DemoResult(cohortId, patients, siteCount, seed, asOf, written, watch.Elapsed, studies);
    }

    sealed record CohortRow
    {
        public string Id { get; init; } = "";
        public long Seed { get; init; }
        public long Patients { get; init; }
        public long Sites { get; init; }
        public DateOnly AsOf { get; init; }
        public string GeneratedBy { get; init; } = "";
        public DateTimeOffset GeneratedAt { get; init; }
        public DateTimeOffset? CompletedAt { get; init; }
        public long? RowsWritten { get; init; }
    }

    /// <summary>
    /// Sites DEMO1..DEMOk (ids from the cohort's sequence, so they are deterministic too); existing ones are reused, new
    /// ones are inserted by the first batch's transaction.
    /// </summary>
    async Task<IReadOnlyList<(Site Site, bool IsNew)>> PlanSitesAsync(int count, DemoIdentity ids, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var list = new List<(Site, bool)>();
        for (var i = 1; i <= count; i++)
        {
            var code = string.Create(CultureInfo.InvariantCulture, $"DEMO{i}");
            var name = string.Create(CultureInfo.InvariantCulture, $"Demo clinic {i} (synthetic)");
            var newId = ids.NextId();
            var id = await c.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT id FROM sites WHERE code = @code", new { code }, cancellationToken: ct));
            list.Add((new Site(id ?? newId, code, name), id is null));
        }
        return list;
    }

    /// <summary>Patients of the cohort whose batch committed (each batch's audit entry names its range "patients=a-b").</summary>
    async Task<int> CommittedPatientsAsync(string cohortId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var fields = await c.QueryAsync<string?>(new CommandDefinition(
            "SELECT fields FROM audit_log WHERE entity = @kind AND entity_id = @cohortId", new { kind = Kind, cohortId }, cancellationToken: ct));
        var done = 0;
        foreach (var f in fields)
            foreach (var part in (f ?? "").Split(','))
                if (part.StartsWith("patients=", StringComparison.Ordinal) && part.Split('-') is [_, var end]
                    && int.TryParse(end, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e))
                    done = Math.Max(done, e);
        return done;
    }

    async Task<IReadOnlyDictionary<int, int>> DinSequencesAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(int Year, int Last)>(new CommandDefinition(
            "SELECT year, last_sequence FROM lab_din_sequences WHERE fin = @fin", new { fin = CellLabOptions.FictitiousFin }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Year, r => r.Last);
    }
}

/// <summary>Registers the demo generator with the same rules objects the stores use.</summary>
public static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemo(this IServiceCollection services) =>
        services.AddSingleton(sp => new DemoRules(
            sp.GetRequiredService<CandidacyRules>(), sp.GetRequiredService<TreatmentPlanRules>(), sp.GetRequiredService<ReleaseRules>(),
            sp.GetRequiredService<AdverseEventAssessment>(), sp.GetRequiredService<ScheduleDefinition>(), sp.GetRequiredService<InstrumentCatalog>()))
        .AddSingleton<DemoGenerator>();
}

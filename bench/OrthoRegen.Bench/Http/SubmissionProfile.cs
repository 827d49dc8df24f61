using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.Bench.Http;

/// <summary>
/// <c>http-profile --provider sqlite|postgres --connection CS --dir DIR [--count 2000] [--json FILE]</c>: where the time of
/// one questionnaire submission goes. Runs each stage of <c>POST /api/patients/{id}/responses</c> on its own, sequentially,
/// <c>count</c> times over the due visits of <c>DIR/submissions.tsv</c> (written by <c>http-prepare</c>): the bearer-token
/// look-up, the body parse, the visibility check, validation and scoring, the write transaction (record head, response,
/// audit row), the read-back of the stored response, the answer's serialisation; then the whole
/// <see cref="ResponseStore.SubmitAsync"/>. Per stage: wall and process CPU microseconds per call. The HTTP total per
/// request comes from run.sh (server CPU per request under wrk); the difference is Kestrel, routing, middleware and the
/// authentication handler's own work.
/// </summary>
public sealed class SubmissionProfile : IBenchmark
{
    public string Name => "http-profile";
    public string Description => "time the stages of one questionnaire submission in-process (bench/http)";

    /// <summary>The web host's JSON settings (OrthoRegen.Web WebHosting.ConfigureJson on the Web defaults).</summary>
    static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 32,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var provider = options.Get("provider", "sqlite");
        var count = int.Parse(options.Get("count", "2000"), CultureInfo.InvariantCulture);
        var dir = options.Required("dir");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = options.Required("connection"),
            ["Database:Provider"] = provider,
            ["Database:ApplyMigrationsAtStartup"] = "false",
        }).Build();
        // The web host's password hashing (ASP.NET Identity's PasswordHasher, as OrthoRegen.Web registers it).
        await using var services = new ServiceCollection().AddOrthoRegen(config).AddSingleton<IPasswordHashing, IdentityHashing>()
            .AddSingleton<ISecretProtection, NoSecrets>().BuildServiceProvider();
        var users = services.GetRequiredService<UserStore>();
        var patients = services.GetRequiredService<PatientStore>();
        var responses = services.GetRequiredService<ResponseStore>();
        var database = services.GetRequiredService<Database>();
        var ct = CancellationToken.None;

        var system = Actor.System("bench");
        var created = await users.CreateAsync(system, new CreateUser
        {
            Username = "bench.profile" + Random.Shared.Next(1_000_000).ToString(CultureInfo.InvariantCulture),
            DisplayName = "Bench profile", Password = "Bench-profile-" + Guid.NewGuid().ToString("N"), Roles = [Roles.Physician], AllSites = true,
        }, ct);
        var user = ((Outcome<StaffUser>.Done)created).Value;
        var secret = ((Outcome<NewApiToken>.Done)await users.CreateTokenAsync(system, user.Id, "profile", ct)).Value.Secret;
        var actor = new Actor(user.Id, user.Username, user.Roles, user.AllSites, user.SiteIds, "127.0.0.1");
        var uncachedUsers = ActivatorUtilities.CreateInstance<UserStore>(services, services.GetRequiredService<AccountOptions>() with { TokenCache = TimeSpan.Zero });

        var lines = File.ReadLines(Path.Combine(dir, "submissions.tsv")).Where(l => l.Length > 0).Take(count).ToList();
        var work = lines.Select(l => (Patient: l[..l.IndexOf('\t')], Body: Encoding.UTF8.GetBytes(l[(l.IndexOf('\t') + 1)..]))).ToList();
        var parsed = work.Select(w => JsonSerializer.Deserialize<SubmitResponse>(w.Body, WebJson)!).ToList();
        var prepared = parsed.Select(p => ((Outcome<ResponseStore.PreparedResponse>.Done)responses.Prepare(p)).Value).ToList();
        var stored = new List<string>(work.Count);
        var answers = new List<InstrumentResponse>(work.Count);

        var stages = new List<Stage>
        {
            new("bearer-token look-up (FindByTokenAsync, cached)", async i => { _ = await users.FindByTokenAsync(secret, ct); }),
            new("bearer-token look-up, cache off (as before)", async i => { _ = await uncachedUsers.FindByTokenAsync(secret, ct); }),
            new("body parse (JSON → SubmitResponse)", i => { _ = JsonSerializer.Deserialize<SubmitResponse>(work[i].Body, WebJson); return Task.CompletedTask; }),
            new("visibility check (PatientStore.IsVisibleAsync)", async i => { _ = await patients.IsVisibleAsync(actor, work[i].Patient, ct); }),
            new("patient view (PatientStore.LoadAsync; the check before)", async i => { _ = await patients.LoadAsync(actor, work[i].Patient, ct); }),
            new("validation and scoring (Prepare)", i => { _ = responses.Prepare(parsed[i]); return Task.CompletedTask; }),
            new("write transaction (head, response, audit row)", async i =>
            {
                var id = await database.InTransactionAsync((c, tx) => responses.StoreInAsync(c, tx, actor, work[i].Patient, prepared[i], ct), ct);
                stored.Add(id.Id);
            }),
            new("read-back of the stored response (not on the path now)", async i => answers.Add(await responses.CurrentAsync(work[i].Patient, stored[i], ct))),
            new("answer serialisation (JSON)", i => { _ = JsonSerializer.SerializeToUtf8Bytes(answers[i], WebJson); return Task.CompletedTask; }),
            new("audit hash alone (SHA-256 of one row)", i =>
            {
                _ = AuditTrail.HashOf(new AuditRow { At = "2026-11-21T00:00:00.0000000+00:00", Actor = actor.Username, Action = AuditAction.Create,
                    Entity = ResponseStore.Kind, EntityId = stored[i], PatientId = work[i].Patient, Fields = "instrument,items,scores", PrevHash = AuditTrail.Genesis });
                return Task.CompletedTask;
            }),
            new("whole SubmitAsync (store call of the endpoint)", async i => { _ = await responses.SubmitAsync(actor, work[i].Patient, parsed[i], ct); }),
        };

        // Warm-up: JIT and caches (every stage that needs no earlier stage, a few times on the last items, which the
        // measured runs reach last; the answer's serialisation on one answer of the whole path).
        var warm = await responses.SubmitAsync(actor, work[^1].Patient, parsed[^1], ct);
        for (var i = 0; i < 20; i++) _ = JsonSerializer.SerializeToUtf8Bytes(((Outcome<InstrumentResponse>.Done)warm).Value, WebJson);
        foreach (var s in stages.Where(s => !s.Label.StartsWith("read-back", StringComparison.Ordinal) && !s.Label.StartsWith("answer", StringComparison.Ordinal)
                     && !s.Label.StartsWith("audit", StringComparison.Ordinal) && !s.Label.StartsWith("write", StringComparison.Ordinal)))
            for (var i = 0; i < Math.Min(50, work.Count); i++) await s.Run(work.Count - 1 - i);

        var process = Process.GetCurrentProcess();
        var rows = new List<object>();
        Console.WriteLine($"submission stages, {provider}, {work.Count:N0} calls each, sequential; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"{"stage",-50}{"wall µs",10}{"CPU µs",10}");
        foreach (var s in stages)
        {
            GC.Collect();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < work.Count; i++) await s.Run(i);
            var wall = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / work.Count;
            process.Refresh();
            var cpuUs = (process.TotalProcessorTime - cpu0).TotalMicroseconds / work.Count;
            Console.WriteLine($"{s.Label,-50}{wall,10:F1}{cpuUs,10:F1}");
            rows.Add(new { stage = s.Label, wallUs = Math.Round(wall, 1), cpuUs = Math.Round(cpuUs, 1) });
        }
        if (options.Find("json") is { } json)
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new { provider, calls = work.Count, loadAverage = File.ReadAllText("/proc/loadavg").Trim(), stages = rows },
                new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    sealed record Stage(string Label, Func<int, Task> Run);

    /// <summary>The profile enrols no second factor; the web host's key ring is not needed.</summary>
    sealed class NoSecrets : ISecretProtection
    {
        public string Protect(string plaintext) => throw new NotSupportedException("http-profile enrols no second factor.");
        public string? Unprotect(string ciphertext) => null;
    }

    sealed class IdentityHashing : IPasswordHashing
    {
        static readonly Microsoft.AspNetCore.Identity.PasswordHasher<string> Hasher = new();
        public string Hash(string password) => Hasher.HashPassword("", password);
        public bool Verify(string hash, string password, out bool rehash)
        {
            var r = Hasher.VerifyHashedPassword("", hash, password);
            rehash = r == Microsoft.AspNetCore.Identity.PasswordVerificationResult.SuccessRehashNeeded;
            return r != Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed;
        }
    }
}

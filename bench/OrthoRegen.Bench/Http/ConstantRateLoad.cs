using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OrthoRegen.Bench.Http;

/// <summary>
/// An open-loop, constant-rate load generator (what wrk2's <c>-R</c> does; Debian's wrk has no rate option):
/// <c>http-rate --base URL --rate R --duration S [--warmup S] [--connections C] [--token T] [--mix page=1,submit=1]
/// [--dir DIR] [--label L] [--json FILE]</c>.
/// Request i is due at start + i/R whether or not earlier ones have answered, and its latency is measured from that due
/// time, so a stalled server shows up in the percentiles instead of silently lowering the rate (no coordinated
/// omission). Kinds: <c>healthz</c> (GET /healthz), <c>page</c> (GET /patients/{id} for ids from DIR/patients.txt),
/// <c>submit</c> (POST /api/patients/{id}/responses with the bodies of DIR/submissions.tsv, each used once per cycle).
/// Status counts are kept per kind; 2xx and the designed 409 are expected, anything else is an error.
/// </summary>
public sealed class ConstantRateLoad : IBenchmark
{
    public string Name => "http-rate";
    public string Description => "open-loop constant-rate HTTP load with latency percentiles (wrk2-style)";

    sealed class Kind(string name)
    {
        public string Name { get; } = name;
        public LatencyHistogram Latency { get; } = new();
        public readonly Dictionary<int, long> Statuses = [];
        public long Failures;
        public long Sent;
    }

    public async Task<int> RunAsync(string[] args)
    {
        var o = Options.Parse(args);
        var baseUrl = new Uri(o.Required("base"));
        var rate = o.Number("rate", 100);
        var duration = TimeSpan.FromSeconds(o.Number("duration", 30));
        var warmup = TimeSpan.FromSeconds(o.Number("warmup", 5));
        var connections = (int)o.Number("connections", 64);
        var dir = o.Get("dir", ".");
        var label = o.Get("label", "load");
        var mix = ParseMix(o.Get("mix", "healthz=1"));

        var patients = mix.Any(m => m.Kind == "page") ? File.ReadAllLines(Path.Combine(dir, "patients.txt")) : [];
        var submissions = mix.Any(m => m.Kind == "submit")
            ? File.ReadAllLines(Path.Combine(dir, "submissions.tsv")).Select(l => l.Split('\t', 2)).Select(p => (Patient: p[0], Body: Encoding.UTF8.GetBytes(p[1]))).ToArray()
            : [];

        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var client = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (o.Find("token") is { } token) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var kinds = mix.Select(m => m.Kind).Distinct().ToDictionary(k => k, k => new Kind(k));
        // The weighted schedule: request i is of kind wheel[i % wheel.Length].
        var wheel = mix.SelectMany(m => Enumerable.Repeat(m.Kind, m.Weight)).ToArray();
        long pageNext = 0, submitNext = 0;

        HttpRequestMessage Build(string kind)
        {
            switch (kind)
            {
                case "page":
                    var p = patients[(int)(Interlocked.Increment(ref pageNext) % patients.Length)];
                    return new HttpRequestMessage(HttpMethod.Get, $"/patients/{p}");
                case "submit":
                    var s = submissions[(int)(Interlocked.Increment(ref submitNext) % submissions.Length)];
                    return new HttpRequestMessage(HttpMethod.Post, $"/api/patients/{s.Patient}/responses")
                    {
                        Content = new ByteArrayContent(s.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                    };
                default:
                    return new HttpRequestMessage(HttpMethod.Get, "/healthz");
            }
        }

        var inFlight = 0L;
        var maxInFlight = 0L;
        async Task Send(string kind, long dueTicks, bool record, Stopwatch clock)
        {
            var k = kinds[kind];
            var now = Interlocked.Increment(ref inFlight);
            long seen;
            while (now > (seen = Interlocked.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen) { }
            int status;
            try
            {
                using var request = Build(kind);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
            if (!record) return;
            var micros = (clock.ElapsedTicks - dueTicks) * 1_000_000 / Stopwatch.Frequency;
            k.Latency.Record(micros);
            Interlocked.Increment(ref k.Sent);
            if (status == 0) Interlocked.Increment(ref k.Failures);
            lock (k.Statuses) k.Statuses[status] = k.Statuses.GetValueOrDefault(status) + 1;
        }

        var total = warmup + duration;
        var stopwatch = Stopwatch.StartNew();
        var pending = new List<Task>();
        long index = 0;
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var warmupTicks = (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var endTicks = (long)(total.TotalSeconds * Stopwatch.Frequency);
        var lastPrint = 0L;
        while (true)
        {
            var nowTicks = stopwatch.ElapsedTicks;
            if (nowTicks >= endTicks) break;
            // Start every request that is due by now (a late scheduler still sends them, timed from their due time).
            while (true)
            {
                var due = (long)(index * ticksPerRequest);
                if (due > nowTicks || due >= endTicks) break;
                pending.Add(Send(wheel[index % wheel.Length], due, due >= warmupTicks, stopwatch));
                index++;
            }
            if (pending.Count > 4096) pending.RemoveAll(t => t.IsCompleted);
            if (nowTicks - lastPrint > 10 * Stopwatch.Frequency)
            {
                lastPrint = nowTicks;
                Console.Error.WriteLine($"{label}: t={nowTicks / (double)Stopwatch.Frequency:F0}s sent={index:N0} in-flight={Interlocked.Read(ref inFlight)}");
            }
            var nextDue = (long)(index * ticksPerRequest);
            var waitMs = (nextDue - stopwatch.ElapsedTicks) * 1000 / Stopwatch.Frequency;
            if (waitMs >= 2) await Task.Delay(TimeSpan.FromMilliseconds(waitMs - 1));
            else if (waitMs > 0) await Task.Yield();
        }
        var scheduled = stopwatch.Elapsed;
        await Task.WhenAll(pending);
        var drained = stopwatch.Elapsed;

        var measured = duration.TotalSeconds;
        var result = new Dictionary<string, object?>
        {
            ["label"] = label,
            ["targetRate"] = rate,
            ["durationSeconds"] = measured,
            ["warmupSeconds"] = warmup.TotalSeconds,
            ["connections"] = connections,
            ["drainSeconds"] = Math.Round((drained - scheduled).TotalSeconds, 2),
            ["maxInFlight"] = Interlocked.Read(ref maxInFlight),
            ["kinds"] = kinds.Values.Select(k => new Dictionary<string, object?>
            {
                ["kind"] = k.Name,
                ["requests"] = k.Sent,
                ["achievedRate"] = Math.Round(k.Sent / measured, 1),
                ["p50Ms"] = Math.Round(k.Latency.PercentileMs(50), 2),
                ["p90Ms"] = Math.Round(k.Latency.PercentileMs(90), 2),
                ["p99Ms"] = Math.Round(k.Latency.PercentileMs(99), 2),
                ["p999Ms"] = Math.Round(k.Latency.PercentileMs(99.9), 2),
                ["maxMs"] = Math.Round(k.Latency.MaxMs, 2),
                ["statuses"] = k.Statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
                ["unexpected"] = k.Statuses.Where(s => s.Key is < 200 or >= 300 && s.Key != 409).Sum(s => s.Value),
            }).ToList(),
        };
        var json = JsonSerializer.Serialize(result);
        Console.WriteLine(json);
        if (o.Find("json") is { } path) await File.WriteAllTextAsync(path, json + "\n");
        return 0;
    }

    static List<(string Kind, int Weight)> ParseMix(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var kv = part.Split('=');
            var kind = kv[0].Trim();
            if (kind is not ("healthz" or "page" or "submit")) throw new ArgumentException($"--mix: unknown kind '{kind}' (healthz, page, submit)");
            return (kind, kv.Length > 1 ? int.Parse(kv[1], CultureInfo.InvariantCulture) : 1);
        }).ToList();
}

namespace OrthoRegen.Bench.Http;

/// <summary>
/// Latencies in microseconds in log-linear buckets, as HdrHistogram keeps them: exact below 256 µs, then 128 buckets per
/// power of two (relative error under 0.8 %), up to about 19 hours. Recording is lock-free; percentiles report the upper
/// edge of the bucket, so they never flatter.
/// </summary>
public sealed class LatencyHistogram
{
    const int Linear = 256;
    const int SubBuckets = 128;
    const int Magnitudes = 30;
    readonly long[] _counts = new long[Linear + Magnitudes * SubBuckets];
    long _total;
    long _max;

    public long Count => Interlocked.Read(ref _total);
    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _total);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, seen) != seen) { }
    }

    static int Index(long v)
    {
        if (v < Linear) return (int)v;
        var magnitude = 63 - (int)long.LeadingZeroCount(v); // >= 8
        var shift = magnitude - 7;                          // >= 1
        var sub = (int)(v >> shift) - SubBuckets;           // 0..127
        var index = Linear + (shift - 1) * SubBuckets + sub;
        return Math.Min(index, Linear + Magnitudes * SubBuckets - 1);
    }

    static long UpperEdge(int index)
    {
        if (index < Linear) return index;
        var shift = (index - Linear) / SubBuckets + 1;
        var sub = (index - Linear) % SubBuckets + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }

    /// <summary>The latency in milliseconds that <paramref name="percentile"/> % of the recorded requests did not exceed.</summary>
    public double PercentileMs(double percentile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var wanted = (long)Math.Ceiling(total * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= wanted) return Math.Min(UpperEdge(i), Interlocked.Read(ref _max)) / 1000.0;
        }
        return MaxMs;
    }
}

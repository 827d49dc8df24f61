using System.Security.Cryptography;
using System.Text;

namespace OrthoRegen.Demo;

/// <summary>
/// A small deterministic generator (SplitMix64) so that the demo cohort is the same for a seed on every machine and
/// .NET version (System.Random's algorithm is an implementation detail). Each patient gets its own stream derived from
/// (seed, patient number), so patients do not depend on each other and a batch can be regenerated alone.
/// </summary>
public sealed class DemoRandom
{
    ulong _state;

    public DemoRandom(ulong seed) { _state = seed; }

    /// <summary>The stream of patient <paramref name="index"/> of the cohort seeded with <paramref name="seed"/>.</summary>
    public static DemoRandom ForPatient(long seed, long index) => new(Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ Mix((ulong)index + 0x632BE59BD9B4E019UL)));

    public ulong NextUInt64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            return Mix(_state);
        }
    }

    static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform on [0, 1).</summary>
    public double Uniform() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    public double Uniform(double min, double max) => min + (max - min) * Uniform();

    /// <summary>Uniform integer in [min, max] (both inclusive).</summary>
    public int Int(int min, int max) => min + (int)(Uniform() * (max - min + 1));

    public bool Chance(double p) => Uniform() < p;

    /// <summary>Standard normal (Box-Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - Uniform();
        var u2 = Uniform();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public double Normal(double mean, double sd) => mean + sd * Normal();

    /// <summary>Exponential with the given rate (per unit of time).</summary>
    public double Exponential(double rate) => -Math.Log(1.0 - Uniform()) / rate;

    /// <summary>One of <paramref name="items"/> with the given weights (need not sum to 1).</summary>
    public T Pick<T>(params (T Item, double Weight)[] items)
    {
        var total = items.Sum(i => i.Weight);
        var x = Uniform() * total;
        foreach (var (item, w) in items)
        {
            if (x < w) return item;
            x -= w;
        }
        return items[^1].Item;
    }

    /// <summary>A 64-bit seed-derived prefix, used for ids and codes of one cohort.</summary>
    public static ulong Fingerprint(long seed) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes("orthoregen-demo:" + seed)), 0);
}

namespace VectorVue.Seeder;

/// <summary>
/// SplitMix64: a small generator whose sequence is fixed by its seed forever (System.Random's is only stable
/// within one .NET version), so a seed names the same history on every machine and runtime.
/// </summary>
internal sealed class SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A generator for one named stream of a seed (e.g. one tenant's history).</summary>
    public static SeededRandom For(long seed, string stream)
    {
        var hash = 14695981039346656037UL; // FNV-1a: stable, unlike string.GetHashCode.
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new SeededRandom(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ hash);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, count).</summary>
    public int Next(int count) => (int)(NextDouble() * count);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal duration: half are shorter than <paramref name="median"/>; <paramref name="spread"/> is sigma.</summary>
    public TimeSpan LogNormal(TimeSpan median, double spread) =>
        TimeSpan.FromTicks((long)(median.Ticks * Math.Exp(spread * NextGaussian())));
}

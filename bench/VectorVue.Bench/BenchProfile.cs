using System.Globalization;
using VectorVue.Bench.SystemUnderTest;

namespace VectorVue.Bench;

/// <summary>The durations and sizes of one bench run.</summary>
internal sealed record BenchProfile(
    bool Quick,
    int[] Sweep,
    TimeSpan Warmup,
    TimeSpan Measure,
    int FixedRateConnections,
    TimeSpan LagMeasure,
    int DrainEvents,
    int BatchConnections,
    int Tenants,
    int UsersPerTenant)
{
    public const int BatchSize = 100;
    public const double CeilingShareTarget = 0.35;

    public static BenchProfile For(bool quick) => quick
        ? new(true, [32], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), 64, TimeSpan.FromSeconds(4), 50_000, 8, 8, 8)
        : new(false, [8, 32, 128], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), 64, TimeSpan.FromSeconds(15), 1_000_000, 8, 16, 16);

    public IReadOnlyDictionary<string, string> Describe()
    {
        var settings = new Dictionary<string, string>
        {
            ["api_replicas"] = "1",
            ["workers"] = "1 (2 in the 2-worker drain)",
            ["sweep_connections"] = string.Join("/", Sweep),
            ["measure_s"] = Measure.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["warmup_s"] = Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["fixed_rate_connections"] = FixedRateConnections.ToString(CultureInfo.InvariantCulture),
            ["drain_events"] = DrainEvents.ToString(CultureInfo.InvariantCulture),
            ["batch_size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
            ["batch_connections"] = BatchConnections.ToString(CultureInfo.InvariantCulture),
            ["tenants_x_users_per_run"] = $"{Tenants}x{UsersPerTenant}",
            ["redis_appendfsync"] = "everysec (AOF on)",
            ["generator"] = "bench/VectorVue.Bench raw HTTP/1.1 keep-alive, same process for ceiling and API",
        };
        foreach (var (key, value) in BenchSystem.ServiceSettings)
        {
            settings[key] = value;
        }

        return settings;
    }
}

using VectorVue.Bench.Load;

namespace VectorVue.Bench.Scenarios;

/// <summary>1. The do-nothing server: the most this machine and generator do with each connection count.</summary>
internal static class CeilingSweep
{
    /// <returns>The best requests per second of the sweep.</returns>
    public static async Task<double> RunAsync(BenchRun bench)
    {
        var (system, ceiling, profile) = (bench.System, bench.Ceiling, bench.Profile);
        var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
        var requests = RequestSet.Single(ceiling.Endpoint, tenancy.Tokens, DateTimeOffset.UtcNow);
        var best = 0.0;
        foreach (var connections in profile.Sweep)
        {
            await LoadRunner.RunAsync(ceiling.Endpoint, requests, new LoadPlan(connections, profile.Warmup), collectIds: false);
            var measured = await bench.MeasureAsync(() => LoadRunner.RunAsync(ceiling.Endpoint, requests, new LoadPlan(connections, profile.Measure), collectIds: false),
                includeCeiling: true);
            best = Math.Max(best, measured.Load.AcceptedEventsPerSecond);
            bench.Record("ceiling", "closed loop", connections, null, measured, audit: null);
        }

        return best;
    }
}

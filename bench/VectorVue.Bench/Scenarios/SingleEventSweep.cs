using VectorVue.Bench.Load;
using VectorVue.Bench.SystemUnderTest;

namespace VectorVue.Bench.Scenarios;

/// <summary>2. The real single-event endpoint, closed loop over the same connection counts as the ceiling.</summary>
internal static class SingleEventSweep
{
    /// <returns>The best accepted events per second of the sweep.</returns>
    public static async Task<double> RunAsync(BenchRun bench)
    {
        var (system, profile) = (bench.System, bench.Profile);
        var best = 0.0;
        var first = true;
        foreach (var connections in profile.Sweep)
        {
            var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
            var requests = RequestSet.Single(system.ApiEndpoint, tenancy.Tokens, DateTimeOffset.UtcNow);
            // The API's first requests run unoptimized code (tiered JIT): the first warm-up is long enough for tier 1.
            var warmupTime = first ? profile.Warmup + TimeSpan.FromSeconds(6) : profile.Warmup;
            first = false;
            var warmup = await LoadRunner.RunAsync(system.ApiEndpoint, requests, new LoadPlan(connections, warmupTime), collectIds: true);
            var measured = await bench.MeasureAsync(() => LoadRunner.RunAsync(system.ApiEndpoint, requests, new LoadPlan(connections, profile.Measure), collectIds: true));
            best = Math.Max(best, measured.Load.AcceptedEventsPerSecond);
            var audit = await AuditResult.RunAsync(system, tenancy.TenantIds, [.. warmup.AcceptedIds, .. measured.Load.AcceptedIds], BenchRun.DrainLimit);
            bench.Record("single-event", "closed loop", connections, null, measured, audit);
        }

        return best;
    }
}

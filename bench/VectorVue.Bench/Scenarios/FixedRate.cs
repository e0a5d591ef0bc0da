using VectorVue.Bench.Load;
using VectorVue.Bench.SystemUnderTest;

namespace VectorVue.Bench.Scenarios;

/// <summary>The single-event endpoint at a fixed rate (open loop: latency from the intended send time).</summary>
internal static class FixedRate
{
    /// <param name="bench">The run.</param>
    /// <param name="name">The scenario's name in the report.</param>
    /// <param name="rate">Requests per second.</param>
    /// <param name="lag">Measure for <see cref="BenchProfile.LagMeasure"/> and then the run's accept-to-commit lag (<see cref="EndToEndLag"/>).</param>
    public static async Task<RunResult> RunAsync(BenchRun bench, string name, double rate, bool lag = false)
    {
        var (system, profile) = (bench.System, bench.Profile);
        var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
        var requests = RequestSet.Single(system.ApiEndpoint, tenancy.Tokens, DateTimeOffset.UtcNow);
        var connections = profile.FixedRateConnections;
        var warmup = await LoadRunner.RunAsync(system.ApiEndpoint, requests, new LoadPlan(connections, profile.Warmup, rate), collectIds: true);
        var measured = await bench.MeasureAsync(() => LoadRunner.RunAsync(
            system.ApiEndpoint, requests, new LoadPlan(connections, lag ? profile.LagMeasure : profile.Measure, rate), collectIds: true));
        var audit = await AuditResult.RunAsync(system, tenancy.TenantIds, [.. warmup.AcceptedIds, .. measured.Load.AcceptedIds], BenchRun.DrainLimit);
        var lagResult = lag ? await LagResult.MeasureAsync(system, tenancy.TenantIds) : null;
        return bench.Record(name, "fixed rate", connections, rate, measured, audit, lagResult);
    }
}

using System.Diagnostics;
using System.Globalization;
using VectorVue.Bench.Load;
using VectorVue.Bench.SystemUnderTest;

namespace VectorVue.Bench.Scenarios;

/// <summary>
/// 3 and 4. With every worker stopped, the batch endpoint fills the stream (100 events a request, measured as the
/// batch benchmark); then a number of workers start and drain it into PostgreSQL.
/// </summary>
internal static class BatchFillThenDrain
{
    public static async Task<(RunResult Batch, RunResult Drain)> RunAsync(BenchRun bench, int workers)
    {
        var (system, profile) = (bench.System, bench.Profile);
        var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
        var requests = RequestSet.Batch(system.ApiEndpoint, tenancy.Tokens, DateTimeOffset.UtcNow, BenchProfile.BatchSize);
        await system.StopWorkersAsync();

        var fill = new LoadPlan(profile.BatchConnections, TimeSpan.FromMinutes(3), MaxRequests: profile.DrainEvents / BenchProfile.BatchSize);
        var batch = await bench.MeasureAsync(() => LoadRunner.RunAsync(system.ApiEndpoint, requests, fill, collectIds: true));
        var batchRun = bench.Record($"batch ingest (fill for {workers}-worker drain)", "closed loop, workers stopped", profile.BatchConnections, null, batch, audit: null);

        var before = await system.GroupProgressAsync();
        var backlog = batch.Load.AcceptedIds.Count;
        var drain = await bench.MeasureAsync(() => DrainAsync(system, workers, before, backlog));
        var audit = await AuditResult.RunAsync(system, tenancy.TenantIds, batch.Load.AcceptedIds, BenchRun.DrainLimit);
        var drainRun = bench.Record($"drain, {workers} worker{(workers > 1 ? "s" : "")}", "stream backlog -> PostgreSQL", workers, null, drain, audit,
            note: string.Create(CultureInfo.InvariantCulture,
                $"{backlog:N0} events (from the batch API) drained in {drain.Load.Seconds:0.0} s, timed from the workers' first read to the last acknowledgement."));
        return (batchRun, drainRun);
    }

    /// <summary>Starts the workers and times the drain from their first read to the last acknowledgement.</summary>
    private static async Task<LoadResult> DrainAsync(BenchSystem system, int workers, GroupProgress before, int backlog)
    {
        var clock = Stopwatch.StartNew();
        await system.StartWorkersAsync(workers);
        TimeSpan? firstRead = null;
        using var timeout = new CancellationTokenSource(BenchRun.DrainLimit);
        while (true)
        {
            var progress = await system.GroupProgressAsync();
            if (firstRead is null && progress.LastDeliveredId != before.LastDeliveredId)
            {
                firstRead = clock.Elapsed;
            }

            if (progress.Drained)
            {
                break;
            }

            await Task.Delay(25, timeout.Token);
        }

        var seconds = (clock.Elapsed - (firstRead ?? TimeSpan.Zero)).TotalSeconds;
        return new LoadResult
        {
            Requests = 0,
            Accepted = backlog,
            AcceptedEvents = backlog,
            OtherStatuses = new Dictionary<int, long>(),
            ConnectionErrors = 0,
            Seconds = seconds,
            Latency = new LatencySummary(0, 0, 0, 0, 0, 0),
            AcceptedIds = [],
        };
    }
}

using System.Globalization;

namespace VectorVue.Bench;

/// <summary>The targets against this run's figures.</summary>
internal static class Summary
{
    public static List<TargetLine> Lines(BenchProfile profile, double ceilingBest, double singleBest, RunResult fixedRun, RunResult lagRun,
        RunResult[] batches, RunResult drain1, RunResult drain2, List<RunResult> runs)
    {
        var inv = CultureInfo.InvariantCulture;
        var share = singleBest / ceilingBest;
        var apiPeak = runs.Where(r => r.Scenario.StartsWith("single-event", StringComparison.Ordinal) || r.Scenario.StartsWith("end-to-end", StringComparison.Ordinal))
            .Max(r => r.PeakRssMb.GetValueOrDefault("api"));
        var workerPeak = runs.Where(r => r.Scenario.StartsWith("drain", StringComparison.Ordinal)).Max(r => r.PeakRssMb.GetValueOrDefault("worker"));
        var batchBest = batches.Max(b => b.EventsPerSecond);
        var lag = lagRun.AcceptToCommitMs;
        var audits = runs.Where(r => r.Audit is not null).ToList();
        var singleRun = runs.Where(r => r.Scenario == "single-event").MaxBy(r => r.EventsPerSecond)!;
        var batchRun = batches.MaxBy(b => b.EventsPerSecond)!;
        var apiSingle = singleRun.CpuMicrosPerEvent.GetValueOrDefault("api");
        var apiBatch = batchRun.CpuMicrosPerEvent.GetValueOrDefault("api");
        var redisSingle = singleRun.CpuMicrosPerEvent.GetValueOrDefault("redis");
        var redisBatch = batchRun.CpuMicrosPerEvent.GetValueOrDefault("redis");
        return
        [
            new("ceiling (do-nothing server), best of sweep", string.Create(inv, $"{ceilingBest:N0} req/s"), "—", null),
            new("single-event ingest, best of sweep", string.Create(inv, $"{singleBest:N0} events/s = {share:P0} of ceiling"), $"≥ {BenchProfile.CeilingShareTarget:P0} of ceiling", share >= BenchProfile.CeilingShareTarget),
            new("single-event p50 / p99 at 35% of ceiling (fixed rate)",
                string.Create(inv, $"{fixedRun.LatencyMs?.P50:0.00} / {fixedRun.LatencyMs?.P99:0.00} ms at {fixedRun.ScheduledRequestsPerSecond:N0} req/s ({fixedRun.EventsPerSecond:N0} accepted/s)"),
                "p99 < 25 ms", fixedRun.LatencyMs?.P99 < 25 && fixedRun.EventsPerSecond >= 0.95 * fixedRun.ScheduledRequestsPerSecond),
            new("batch ingest (100 events/request)", string.Create(inv, $"{batchBest:N0} events/s"), "≥ 150,000 events/s", batchBest >= 150_000),
            new("API CPU per accepted event, single / batch (best runs)", string.Create(inv, $"{apiSingle:0.0} / {apiBatch:0.0} µs"),
                "≤ 60 / ≤ 8 µs", apiSingle <= 60 && apiBatch <= 8),
            new("Redis CPU per event, single / batch (best runs)", string.Create(inv, $"{redisSingle:0.0} / {redisBatch:0.0} µs"),
                "≤ 15 µs", redisSingle <= 15 && redisBatch <= 15),
            new("drain, 1 worker", string.Create(inv, $"{drain1.EventsPerSecond:N0} rows/s"), "≥ 60,000 rows/s", drain1.EventsPerSecond >= 60_000),
            new("drain, 2 workers", string.Create(inv, $"{drain2.EventsPerSecond:N0} rows/s"), "—", null),
            new("accept-to-commit at half of max single-event rate",
                lag is { Unavailable: null } ? string.Create(inv, $"p50 {lag.P50:0.0} ms, p99 {lag.P99:0.0} ms at {lagRun.ScheduledRequestsPerSecond:N0} req/s") : "not measured: " + lag?.Unavailable,
                "p99 < 500 ms", lag is { Unavailable: null } ? lag.P99 < 500 : null),
            new("API peak RSS (single-event runs)", string.Create(inv, $"{apiPeak:0} MB"), "< 300 MB", apiPeak < 300),
            new("worker peak RSS (drains)", string.Create(inv, $"{workerPeak:0} MB"), "< 300 MB", workerPeak < 300),
            new("audit: accepted ids == stored ids", $"{audits.Count(a => a.Audit!.Passed)} of {audits.Count} runs pass, {audits.Sum(a => a.Audit!.Lost)} lost, {audits.Sum(a => a.Audit!.Unexpected + a.Audit!.DuplicateAccepted)} duplicate/unexpected",
                "zero loss, zero duplicates", audits.All(a => a.Audit!.Passed)),
        ];
    }
}

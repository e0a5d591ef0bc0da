using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VectorVue.Bench;
using VectorVue.Bench.Load;
using VectorVue.Bench.SystemUnderTest;

// make bench: the real system in local mode under the bench profile, against the ceiling of the same machine and
// the same load generator. BENCH_QUICK=1: a smoke run of a few seconds per scenario.
var quick = Environment.GetEnvironmentVariable("BENCH_QUICK") == "1";
var profile = BenchProfile.For(quick);
if (int.TryParse(Environment.GetEnvironmentVariable("BENCH_MEASURE_SECONDS"), out var measureSeconds))
{
    // For profiling: longer closed-loop and fixed-rate runs (attach dotnet-trace to a service meanwhile).
    profile = profile with { Measure = TimeSpan.FromSeconds(measureSeconds) };
}

var startedAt = DateTimeOffset.UtcNow;
var runs = new List<RunResult>();
var loadBefore = File.ReadAllText("/proc/loadavg").Trim();

Console.WriteLine($"bench: starting the system (local mode, bench profile){(quick ? ", BENCH_QUICK" : "")}");
await using var system = new BenchSystem();
await system.StartAsync(CancellationToken.None);
await using var ceiling = await CeilingServer.StartAsync();
var bench = new Scenarios(system, ceiling, profile, runs);

// Start with the one worker a production deployment runs; the second replica is for the 2-worker drain only.
await bench.StopWorkersThenStartAsync(1);

var ceilingBest = await bench.CeilingSweepAsync();
var singleBest = await bench.SingleEventSweepAsync();
if (Environment.GetEnvironmentVariable("BENCH_SINGLE_ONLY") == "1")
{
    // For A/B experiments on the API: ceiling and single-event sweep only, no report written.
    return 0;
}

var fixedRun = await bench.FixedRateAsync("single-event at 35% of ceiling", BenchProfile.CeilingShareTarget * ceilingBest, lag: false);
var lagRun = await bench.FixedRateAsync("end-to-end lag at half of max", singleBest / 2, lag: true);
var (batch1, drain1) = await bench.BatchThenDrainAsync(workers: 1);
var (batch2, drain2) = await bench.BatchThenDrainAsync(workers: 2);
await bench.StopWorkersThenStartAsync(1);

var loadAfter = File.ReadAllText("/proc/loadavg").Trim();
var summary = Summary.Lines(profile, ceilingBest, singleBest, fixedRun, lagRun, [batch1, batch2], drain1, drain2, runs);
var report = new BenchReport(startedAt, quick, Machine.Describe(loadBefore, loadAfter), await Machine.VersionsAsync(), profile.Describe(), runs, summary);

var directory = Path.Combine(Machine.RepositoryRoot(), "bench", "results");
Directory.CreateDirectory(directory);
var stem = Path.Combine(directory, startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + (quick ? "-quick" : ""));
await File.WriteAllTextAsync(stem + ".json", report.ToJson());
var markdown = report.ToMarkdown();
await File.WriteAllTextAsync(stem + ".md", markdown);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"bench: results in {stem}.json and .md");
return runs.All(r => r.Audit is null or { Passed: true }) ? 0 : 1;

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

/// <summary>The scenarios of the issue, each ending with its audit.</summary>
internal sealed class Scenarios(BenchSystem system, CeilingServer ceiling, BenchProfile profile, List<RunResult> runs)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public async Task StopWorkersThenStartAsync(int workers)
    {
        await system.StopWorkersAsync();
        await system.StartWorkersAsync(workers);
    }

    /// <summary>1. The do-nothing server: the most this machine and generator do with each connection count.</summary>
    public async Task<double> CeilingSweepAsync()
    {
        var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
        var requests = RequestSet.Single(ceiling.Endpoint, tenancy.Tokens, DateTimeOffset.UtcNow);
        var best = 0.0;
        foreach (var connections in profile.Sweep)
        {
            await LoadRunner.RunAsync(ceiling.Endpoint, requests, new LoadPlan(connections, profile.Warmup), collectIds: false);
            var measured = await MeasureAsync(() => LoadRunner.RunAsync(ceiling.Endpoint, requests, new LoadPlan(connections, profile.Measure), collectIds: false),
                includeCeiling: true);
            best = Math.Max(best, measured.Load.AcceptedEventsPerSecond);
            Record("ceiling", "closed loop", connections, null, measured, audit: null);
        }

        return best;
    }

    /// <summary>2. The real single-event endpoint, closed loop over the same connection counts.</summary>
    public async Task<double> SingleEventSweepAsync()
    {
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
            var measured = await MeasureAsync(() => LoadRunner.RunAsync(system.ApiEndpoint, requests, new LoadPlan(connections, profile.Measure), collectIds: true));
            best = Math.Max(best, measured.Load.AcceptedEventsPerSecond);
            var audit = await AuditResult.RunAsync(system, tenancy.TenantIds, [.. warmup.AcceptedIds, .. measured.Load.AcceptedIds], DrainLimit);
            Record("single-event", "closed loop", connections, null, measured, audit);
        }

        return best;
    }

    /// <summary>2 and 5. The single-event endpoint at a fixed rate (open loop: latency from the intended send time).</summary>
    public async Task<RunResult> FixedRateAsync(string name, double rate, bool lag)
    {
        var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
        var requests = RequestSet.Single(system.ApiEndpoint, tenancy.Tokens, DateTimeOffset.UtcNow);
        var connections = profile.FixedRateConnections;
        var warmup = await LoadRunner.RunAsync(system.ApiEndpoint, requests, new LoadPlan(connections, profile.Warmup, rate), collectIds: true);
        var measured = await MeasureAsync(() => LoadRunner.RunAsync(
            system.ApiEndpoint, requests, new LoadPlan(connections, lag ? profile.LagMeasure : profile.Measure, rate), collectIds: true));
        var audit = await AuditResult.RunAsync(system, tenancy.TenantIds, [.. warmup.AcceptedIds, .. measured.Load.AcceptedIds], DrainLimit);
        var lagResult = lag ? await LagResult.MeasureAsync(system, tenancy.TenantIds) : null;
        return Record(name, "fixed rate", connections, rate, measured, audit, lagResult);
    }

    /// <summary>
    /// 3 and 4. With every worker stopped, the batch endpoint fills the stream (100 events a request, measured as the
    /// batch benchmark); then <paramref name="workers"/> workers start and drain it into PostgreSQL.
    /// </summary>
    public async Task<(RunResult Batch, RunResult Drain)> BatchThenDrainAsync(int workers)
    {
        var tenancy = await system.CreateTenancyAsync(profile.Tenants, profile.UsersPerTenant);
        var requests = RequestSet.Batch(system.ApiEndpoint, tenancy.Tokens, DateTimeOffset.UtcNow, BenchProfile.BatchSize);
        await system.StopWorkersAsync();

        var fill = new LoadPlan(profile.BatchConnections, TimeSpan.FromMinutes(3), MaxRequests: profile.DrainEvents / BenchProfile.BatchSize);
        var batch = await MeasureAsync(() => LoadRunner.RunAsync(system.ApiEndpoint, requests, fill, collectIds: true));
        var batchRun = Record($"batch ingest (fill for {workers}-worker drain)", "closed loop, workers stopped", profile.BatchConnections, null, batch, audit: null);

        var before = await system.GroupProgressAsync();
        var backlog = batch.Load.AcceptedIds.Count;
        var drain = await MeasureAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            await system.StartWorkersAsync(workers);
            TimeSpan? firstRead = null;
            using var timeout = new CancellationTokenSource(DrainLimit);
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
        });
        var audit = await AuditResult.RunAsync(system, tenancy.TenantIds, batch.Load.AcceptedIds, DrainLimit);
        var drainRun = Record($"drain, {workers} worker{(workers > 1 ? "s" : "")}", "stream backlog -> PostgreSQL", workers, null, drain, audit,
            note: string.Create(CultureInfo.InvariantCulture,
                $"{backlog:N0} entries (from the batch API) drained in {drain.Load.Seconds:0.0} s, timed from the workers' first read to the last acknowledgement."));
        return (batchRun, drainRun);
    }

    private async Task<Measured> MeasureAsync(Func<Task<LoadResult>> run, bool includeCeiling = false)
    {
        var apiPid = ProcessWatch.ServiceProcess(system.ProcessIdOf(system.ApiInstance), "VectorVue.TelemetryApi");
        var targets = new Dictionary<string, Func<IReadOnlyList<int>>>
        {
            ["api"] = () => [apiPid],
            ["worker"] = () => [.. RunningWorkers()],
        };
        var cpuGroups = new Dictionary<string, Func<IEnumerable<int>>>
        {
            ["api"] = () => [apiPid],
            ["worker"] = RunningWorkers,
            ["redis"] = () => ProcessWatch.Tree(system.ProcessIdOf(system.RedisInstance)),
            ["postgres"] = () => ProcessWatch.Tree(system.ProcessIdOf(system.PostgresInstance)),
            ["generator"] = () => [Environment.ProcessId],
            // DCP (Aspire's orchestrator) proxies every endpoint: each request and each Redis/PostgreSQL round trip
            // crosses it, so its CPU is part of what the system costs here.
            ["dcp"] = () => ProcessWatch.DcpOf(Environment.ProcessId),
        };
        if (includeCeiling)
        {
            cpuGroups["ceiling"] = () => [ceiling.ProcessId];
        }

        // Workers may start or stop during a run: CPU is summed over the processes seen at the end and the start.
        var cpuBefore = cpuGroups.ToDictionary(g => g.Key, g => ProcessWatch.CpuSeconds(g.Value()));
        var clock = Stopwatch.StartNew();
        LoadResult load;
        IReadOnlyDictionary<string, long> peaks;
        await using (var watch = new ProcessWatch(targets, perProcess: true))
        {
            load = await run();
            peaks = watch.PeakRssBytes;
        }

        var wall = clock.Elapsed.TotalSeconds;
        var cpu = cpuGroups.ToDictionary(g => g.Key, g => Math.Max(0, ProcessWatch.CpuSeconds(g.Value()) - (g.Key == "worker" ? 0 : cpuBefore[g.Key])) / wall);
        if (cpuBefore["worker"] > 0 && cpu["worker"] > 0)
        {
            // Same worker processes before and after: subtract their earlier CPU time.
            cpu["worker"] = Math.Max(0, ProcessWatch.CpuSeconds(RunningWorkers()) - cpuBefore["worker"]) / wall;
        }

        return new Measured(load, peaks.ToDictionary(p => p.Key, p => p.Value / 1048576.0), cpu);
    }

    private IEnumerable<int> RunningWorkers()
    {
        foreach (var instance in system.WorkerInstances())
        {
            int pid;
            try
            {
                pid = system.ProcessIdOf(instance);
            }
            catch (InvalidOperationException)
            {
                continue;
            }

            if (ProcessWatch.IsAlive(pid))
            {
                yield return ProcessWatch.ServiceProcess(pid, "VectorVue.Worker");
            }
        }
    }

    private RunResult Record(string scenario, string mode, int connections, double? rate, Measured measured, AuditResult? audit,
        LagResult? lag = null, string? note = null)
    {
        var load = measured.Load;
        var run = new RunResult(scenario, mode, connections, rate, load.Seconds, load.Requests, load.AcceptedEvents,
            load.AcceptedEventsPerSecond, load.Requests > 0 ? load.Latency : null, load.OtherStatuses, load.ConnectionErrors, audit,
            measured.PeakRssMb, measured.CpuCores, lag, note);
        runs.Add(run);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"bench: {scenario} [{mode}, {connections} conns{(rate is { } r ? $", {r:N0} req/s scheduled" : "")}]: {load.AcceptedEventsPerSecond:N0} events/s, p50 {load.Latency.P50:0.00} ms, p99 {load.Latency.P99:0.00} ms, non-202 {load.NonAccepted}, RSS MB {string.Join(" ", measured.PeakRssMb.Select(p => $"{p.Key}={p.Value:0}"))}, cores {string.Join(" ", measured.CpuCores.Select(c => $"{c.Key}={c.Value:0.00}"))}{(audit is null ? "" : ", audit " + audit)}{(lag is { Unavailable: null } l ? $", accept-to-commit p50 {l.P50:0.0} ms p99 {l.P99:0.0} ms" : "")}"));
        return run;
    }

    private sealed record Measured(LoadResult Load, IReadOnlyDictionary<string, double> PeakRssMb, Dictionary<string, double> CpuCores);
}

/// <summary>The issue's targets against this run's figures.</summary>
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
        return
        [
            new("ceiling (do-nothing server), best of sweep", string.Create(inv, $"{ceilingBest:N0} req/s"), "—", null),
            new("single-event ingest, best of sweep", string.Create(inv, $"{singleBest:N0} events/s = {share:P0} of ceiling"), $"≥ {BenchProfile.CeilingShareTarget:P0} of ceiling", share >= BenchProfile.CeilingShareTarget),
            new("single-event p50 / p99 at 35% of ceiling (fixed rate)",
                string.Create(inv, $"{fixedRun.LatencyMs?.P50:0.00} / {fixedRun.LatencyMs?.P99:0.00} ms at {fixedRun.ScheduledRequestsPerSecond:N0} req/s ({fixedRun.EventsPerSecond:N0} accepted/s)"),
                "p99 < 25 ms", fixedRun.LatencyMs?.P99 < 25 && fixedRun.EventsPerSecond >= 0.95 * fixedRun.ScheduledRequestsPerSecond),
            new("batch ingest (100 events/request)", string.Create(inv, $"{batchBest:N0} events/s"), "≥ 150,000 events/s", batchBest >= 150_000),
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

/// <summary>What the figures came from.</summary>
internal static class Machine
{
    public static IReadOnlyDictionary<string, string> Describe(string loadBefore, string loadAfter)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        return new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["cpu"] = cpu,
            ["memory"] = memory,
            ["os"] = RuntimeInformation.OSDescription,
            ["loadavg_before"] = loadBefore,
            ["loadavg_after"] = loadAfter,
        };
    }

    public static async Task<IReadOnlyDictionary<string, string>> VersionsAsync() => new Dictionary<string, string>
    {
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["Aspire.Hosting"] = typeof(DistributedApplication).Assembly.GetName().Version?.ToString() ?? "?",
        ["redis-server"] = (await RunAsync("redis-server", "--version")).Split(' ').FirstOrDefault(w => w.StartsWith("v=", StringComparison.Ordinal))?[2..] ?? "?",
        ["postgres"] = (await RunAsync("bash", "-c", "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/postgres --version")).Trim(),
        ["commit"] = (await RunAsync("git", "-C", RepositoryRoot(), "rev-parse", "--short", "HEAD")).Trim(),
    };

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VectorVue.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        try
        {
            var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                startInfo.ArgumentList.Add(arg);
            }

            using var process = Process.Start(startInfo)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}

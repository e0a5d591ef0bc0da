using System.Diagnostics;
using System.Globalization;
using VectorVue.Bench.Load;
using VectorVue.Bench.SystemUnderTest;

namespace VectorVue.Bench.Scenarios;

/// <summary>
/// What every scenario shares: the system, the ceiling server, the profile, and the runs recorded so far; how a
/// run is measured (CPU per process group, peak RSS) and recorded (printed, kept for the report).
/// </summary>
internal sealed class BenchRun(BenchSystem system, CeilingServer ceiling, BenchProfile profile, List<RunResult> runs)
{
    /// <summary>The longest a scenario waits for the stream to be drained before its audit.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public BenchSystem System => system;

    public CeilingServer Ceiling => ceiling;

    public BenchProfile Profile => profile;

    public async Task StopWorkersThenStartAsync(int workers)
    {
        await system.StopWorkersAsync();
        await system.StartWorkersAsync(workers);
    }

    public async Task<Measured> MeasureAsync(Func<Task<LoadResult>> run, bool includeCeiling = false)
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

        return new Measured(load, peaks.ToDictionary(p => p.Key, p => p.Value / 1048576.0), cpu, wall);
    }

    public RunResult Record(string scenario, string mode, int connections, double? rate, Measured measured, AuditResult? audit,
        LagResult? lag = null, string? note = null)
    {
        var load = measured.Load;
        var run = new RunResult(scenario, mode, connections, rate, load.Seconds, load.Requests, load.AcceptedEvents,
            load.AcceptedEventsPerSecond, load.Requests > 0 ? load.Latency : null, load.OtherStatuses, load.ConnectionErrors, audit,
            measured.PeakRssMb, measured.CpuCores, measured.CpuMicrosPerEvent(), lag, note);
        runs.Add(run);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"bench: {scenario} [{mode}, {connections} conns{(rate is { } r ? $", {r:N0} req/s scheduled" : "")}]: {load.AcceptedEventsPerSecond:N0} events/s, p50 {load.Latency.P50:0.00} ms, p99 {load.Latency.P99:0.00} ms, non-202 {load.NonAccepted}, RSS MB {string.Join(" ", measured.PeakRssMb.Select(p => $"{p.Key}={p.Value:0}"))}, cores {string.Join(" ", measured.CpuCores.Select(c => $"{c.Key}={c.Value:0.00}"))}, CPU µs/event {string.Join(" ", run.CpuMicrosPerEvent.Select(c => $"{c.Key}={c.Value:0.0}"))}{(audit is null ? "" : ", audit " + audit)}{(lag is { Unavailable: null } l ? $", accept-to-commit p50 {l.P50:0.0} ms p99 {l.P99:0.0} ms" : "")}"));
        return run;
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
}

/// <summary>One measured run: the load's result, each process group's peak RSS and CPU cores over its wall time.</summary>
internal sealed record Measured(LoadResult Load, IReadOnlyDictionary<string, double> PeakRssMb, Dictionary<string, double> CpuCores, double WallSeconds)
{
    /// <summary>The groups whose CPU per event (per request for the ceiling) the report shows: not the load generator.</summary>
    private static readonly string[] PerEventGroups = ["api", "worker", "redis", "postgres", "dcp", "ceiling"];

    /// <summary>
    /// CPU time each of the system's process groups spent per accepted event (µs): steadier than rates on a shared
    /// machine, because another process taking a core lowers a rate but not the work one event costs.
    /// </summary>
    public IReadOnlyDictionary<string, double> CpuMicrosPerEvent() =>
        Load.AcceptedEvents == 0
            ? new Dictionary<string, double>()
            : PerEventGroups.Where(CpuCores.ContainsKey)
                .ToDictionary(group => group, group => CpuCores[group] * WallSeconds / Load.AcceptedEvents * 1e6);
}

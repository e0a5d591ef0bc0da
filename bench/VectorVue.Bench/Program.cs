using System.Globalization;
using VectorVue.Bench;
using VectorVue.Bench.Scenarios;
using VectorVue.Bench.SystemUnderTest;

// make bench: the real system in local mode under the bench profile, against the ceiling of the same machine and
// the same load generator. BENCH_QUICK=1: a smoke run of a few seconds per scenario. Each scenario is a file of
// Scenarios/, in the order they run here.
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
var bench = new BenchRun(system, ceiling, profile, runs);

// Start with the one worker a production deployment runs; the second replica is for the 2-worker drain only.
await bench.StopWorkersThenStartAsync(1);

var ceilingBest = await CeilingSweep.RunAsync(bench);
var singleBest = await SingleEventSweep.RunAsync(bench);
if (Environment.GetEnvironmentVariable("BENCH_SINGLE_ONLY") == "1")
{
    // For A/B experiments on the API: ceiling and single-event sweep only, no report written.
    return 0;
}

var fixedRun = await FixedRate.RunAsync(bench, "single-event at 35% of ceiling", BenchProfile.CeilingShareTarget * ceilingBest);
var lagRun = await EndToEndLag.RunAsync(bench, singleBest / 2);
var (batch1, drain1) = await BatchFillThenDrain.RunAsync(bench, workers: 1);
var (batch2, drain2) = await BatchFillThenDrain.RunAsync(bench, workers: 2);
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

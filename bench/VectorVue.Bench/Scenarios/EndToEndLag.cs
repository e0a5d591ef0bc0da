namespace VectorVue.Bench.Scenarios;

/// <summary>
/// 5. End-to-end lag: the single-event endpoint at a fixed rate (half of the sweep's best), then the time from each
/// event's 202 to its commit, read from the stored rows.
/// </summary>
internal static class EndToEndLag
{
    public static Task<RunResult> RunAsync(BenchRun bench, double rate) =>
        FixedRate.RunAsync(bench, "end-to-end lag at half of max", rate, lag: true);
}

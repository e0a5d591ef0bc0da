using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VectorVue.Bench.Load;
using VectorVue.Bench.SystemUnderTest;

namespace VectorVue.Bench;

/// <summary>One measured run of a scenario.</summary>
internal sealed record RunResult(
    string Scenario,
    string Mode,
    int Connections,
    double? ScheduledRequestsPerSecond,
    double Seconds,
    long Requests,
    long AcceptedEvents,
    double EventsPerSecond,
    LatencySummary? LatencyMs,
    IReadOnlyDictionary<int, long> NonAcceptedByStatus,
    long ConnectionErrors,
    AuditResult? Audit,
    IReadOnlyDictionary<string, double> PeakRssMb,
    IReadOnlyDictionary<string, double> CpuCores,
    IReadOnlyDictionary<string, double> CpuMicrosPerEvent,
    LagResult? AcceptToCommitMs = null,
    string? Note = null);

/// <summary>One line of the summary: a measure, its target and whether it was met.</summary>
internal sealed record TargetLine(string Measure, string Result, string Target, bool? Met);

/// <summary>Everything one <c>make bench</c> wrote: machine, versions, settings, runs, summary.</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    bool Quick,
    IReadOnlyDictionary<string, string> Machine,
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<RunResult> Runs,
    IReadOnlyList<TargetLine> Summary)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToMarkdown()
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(inv, $"### VectorVue bench, {StartedAt:yyyy-MM-dd HH:mm} UTC{(Quick ? " (BENCH_QUICK: smoke run, figures not comparable)" : "")}");
        md.AppendLine();
        md.AppendLine(inv, $"Machine: {string.Join(", ", Machine.Select(kv => $"{kv.Key} {kv.Value}"))}.  ");
        md.AppendLine(inv, $"Versions: {string.Join(", ", Versions.Select(kv => $"{kv.Key} {kv.Value}"))}.  ");
        md.AppendLine(inv, $"Settings: {string.Join(", ", Settings.Select(kv => $"{kv.Key}={kv.Value}"))}.");
        md.AppendLine();
        md.AppendLine("| measure | result | target | met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var line in Summary)
        {
            md.AppendLine(inv, $"| {line.Measure} | {line.Result} | {line.Target} | {(line.Met switch { true => "yes", false => "**no**", null => "—" })} |");
        }

        md.AppendLine();
        md.AppendLine("| run | conns | rate (req/s) | s | events/s | p50 ms | p99 ms | p99.9 ms | non-202 | RSS MB (peak) | CPU cores used | CPU µs/event | audit |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var run in Runs)
        {
            var latency = run.LatencyMs is { Count: > 0 } l ? (l.P50.ToString("0.00", inv), l.P99.ToString("0.00", inv), l.P999.ToString("0.00", inv)) : ("—", "—", "—");
            var nonAccepted = run.NonAcceptedByStatus.Values.Sum() + run.ConnectionErrors;
            var nonText = nonAccepted == 0 ? "0" : nonAccepted.ToString(inv) + " (" + string.Join(", ",
                run.NonAcceptedByStatus.Select(kv => $"{kv.Key}: {kv.Value}").Append(run.ConnectionErrors > 0 ? $"io: {run.ConnectionErrors}" : null).OfType<string>()) + ")";
            md.AppendLine(inv, $"| {run.Scenario} ({run.Mode}) | {run.Connections} | {(run.ScheduledRequestsPerSecond is { } r ? r.ToString("N0", inv) : "max")} | {run.Seconds:0.0} | {run.EventsPerSecond:N0} | {latency.Item1} | {latency.Item2} | {latency.Item3} | {nonText} | {string.Join(", ", run.PeakRssMb.Select(kv => $"{kv.Key} {kv.Value:0}"))} | {string.Join(", ", run.CpuCores.Select(kv => $"{kv.Key} {kv.Value:0.00}"))} | {(run.CpuMicrosPerEvent.Count == 0 ? "—" : string.Join(", ", run.CpuMicrosPerEvent.Select(kv => $"{kv.Key} {kv.Value:0.0}")))} | {(run.Audit is { } a ? (a.Passed ? "pass" : "**FAIL**") + $" {a.Accepted:N0}/{a.Stored:N0}" : "—")} |");
        }

        var lags = Runs.Where(r => r.AcceptToCommitMs is not null).ToList();
        foreach (var run in lags)
        {
            var lag = run.AcceptToCommitMs!;
            md.AppendLine();
            md.AppendLine(lag.Unavailable is null
                ? string.Create(inv, $"Accept-to-commit ({run.Scenario}, {lag.Events:N0} events): p50 {lag.P50:0.0} ms, p99 {lag.P99:0.0} ms, max {lag.Max:0.0} ms.")
                : $"Accept-to-commit ({run.Scenario}): not measured — {lag.Unavailable}.");
        }

        foreach (var run in Runs.Where(r => r.Note is not null))
        {
            md.AppendLine();
            md.AppendLine(inv, $"{run.Scenario}: {run.Note}");
        }

        return md.ToString();
    }
}

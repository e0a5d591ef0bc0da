using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VectorVue.Bench.Load;

/// <summary>How one load run sends: closed loop (each connection sends its next request as soon as the last is
/// answered) or open loop at a fixed rate, for a time or until a number of requests.</summary>
/// <param name="Connections">Keep-alive connections, each with one request in flight at most.</param>
/// <param name="Duration">How long requests are started for.</param>
/// <param name="RequestsPerSecond">Open loop: requests scheduled on a fixed clock across all connections; null: closed loop.</param>
/// <param name="MaxRequests">Stop after this many requests (closed loop), whatever the time.</param>
internal sealed record LoadPlan(int Connections, TimeSpan Duration, double? RequestsPerSecond = null, long? MaxRequests = null);

/// <summary>What a run measured, from the generator's side.</summary>
internal sealed class LoadResult
{
    public required long Requests { get; init; }
    public required long Accepted { get; init; }
    public required long AcceptedEvents { get; init; }
    public required IReadOnlyDictionary<int, long> OtherStatuses { get; init; }
    public required long ConnectionErrors { get; init; }
    public required double Seconds { get; init; }
    public required LatencySummary Latency { get; init; }
    public required List<Guid> AcceptedIds { get; init; }

    public double RequestsPerSecond => Requests / Seconds;
    public double AcceptedEventsPerSecond => AcceptedEvents / Seconds;
    public long NonAccepted => OtherStatuses.Values.Sum() + ConnectionErrors;
}

/// <summary>
/// Drives a <see cref="RequestSet"/> at one endpoint. Latency is measured per request from its send (closed loop) or
/// from its intended send time on the fixed clock (open loop), so a stalled server shows up in the percentiles
/// instead of silently slowing the generator (coordinated omission). Every event id answered with 202 is kept for
/// the audit; requests in flight at the end are awaited, never cancelled, so every 202 is counted.
/// </summary>
internal static class LoadRunner
{
    private static readonly byte[] EventIdMarker = "\"event_id\":\""u8.ToArray();

    public static async Task<LoadResult> RunAsync(IPEndPoint endpoint, RequestSet requests, LoadPlan plan, bool collectIds)
    {
        var workers = new ConnectionRun[plan.Connections];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new ConnectionRun(i);
        }

        var shared = new SharedState(plan.MaxRequests ?? long.MaxValue);
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(plan.Duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(workers.Select(w => Task.Run(() =>
            w.RunAsync(endpoint, requests, plan, started, end, shared, collectIds))));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var statuses = new Dictionary<int, long>();
        foreach (var (status, count) in workers.SelectMany(w => w.OtherStatuses))
        {
            statuses[status] = statuses.GetValueOrDefault(status) + count;
        }

        var accepted = workers.Sum(w => w.Accepted);
        return new LoadResult
        {
            Requests = workers.Sum(w => w.Requests),
            Accepted = accepted,
            AcceptedEvents = collectIds ? workers.Sum(w => (long)w.Ids.Count) : accepted * requests.EventsPerRequest,
            OtherStatuses = statuses,
            ConnectionErrors = workers.Sum(w => w.ConnectionErrors),
            Seconds = seconds,
            Latency = LatencySummary.From(workers.SelectMany(w => w.LatencyTicks)),
            AcceptedIds = [.. workers.SelectMany(w => w.Ids)],
        };
    }

    /// <summary>Every <c>"event_id":"…"</c> in an answer body (one for a single event, one per accepted batch event).</summary>
    private static void CollectIds(ReadOnlySpan<byte> body, List<Guid> ids)
    {
        int at;
        while ((at = body.IndexOf(EventIdMarker)) >= 0)
        {
            body = body[(at + EventIdMarker.Length)..];
            if (body.Length >= 36 && Utf8Parser.TryParse(body[..36], out Guid id, out _, 'D'))
            {
                ids.Add(id);
            }
        }
    }

    private sealed class SharedState(long maxRequests)
    {
        private long _issued;

        public bool TryIssue() => Interlocked.Increment(ref _issued) <= maxRequests;
    }

    private sealed class ConnectionRun(int index)
    {
        public long Requests;
        public long Accepted;
        public long ConnectionErrors;
        public readonly Dictionary<int, long> OtherStatuses = [];
        public readonly List<long> LatencyTicks = new(64 * 1024);
        public readonly List<Guid> Ids = [];

        public async Task RunAsync(
            IPEndPoint endpoint, RequestSet requests, LoadPlan plan, long started, long end, SharedState shared, bool collectIds)
        {
            var all = requests.Requests;
            var next = index * 7919 % all.Length;
            // Open loop: connection i sends its k-th request at started + (k + i/C) * C/rate.
            var interval = plan.RequestsPerSecond is { } rate ? plan.Connections / rate * Stopwatch.Frequency : 0;
            var offset = interval * index / plan.Connections;
            HttpConnection? connection = null;
            try
            {
                for (long k = 0; ; k++)
                {
                    long intended;
                    if (plan.RequestsPerSecond is null)
                    {
                        intended = Stopwatch.GetTimestamp();
                        if (intended >= end || !shared.TryIssue())
                        {
                            break;
                        }
                    }
                    else
                    {
                        intended = started + (long)(offset + k * interval);
                        if (intended >= end)
                        {
                            break;
                        }

                        var wait = intended - Stopwatch.GetTimestamp();
                        if (wait > 0)
                        {
                            await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                        }
                    }

                    try
                    {
                        connection ??= await HttpConnection.OpenAsync(endpoint, CancellationToken.None);
                        var status = await connection.SendAsync(all[next], CancellationToken.None);
                        LatencyTicks.Add(Stopwatch.GetTimestamp() - intended);
                        Requests++;
                        if (status == 202)
                        {
                            Accepted++;
                            if (collectIds)
                            {
                                CollectIds(connection.Body, Ids);
                            }
                        }
                        else
                        {
                            OtherStatuses[status] = OtherStatuses.GetValueOrDefault(status) + 1;
                        }
                    }
                    catch (Exception ex) when (ex is IOException or SocketException)
                    {
                        ConnectionErrors++;
                        connection?.Dispose();
                        connection = null;
                        await Task.Delay(50);
                    }

                    next = (next + 1) % all.Length;
                }
            }
            finally
            {
                connection?.Dispose();
            }
        }
    }
}

/// <summary>Latency percentiles in milliseconds, from every request's exact time (sorted, no bucketing).</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max)
{
    public static LatencySummary From(IEnumerable<long> ticks)
    {
        var sorted = ticks.ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        Array.Sort(sorted);
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(sorted.Length, At(0.50), At(0.90), At(0.99), At(0.999), At(1.0));
    }
}

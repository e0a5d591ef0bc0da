using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// Continuous load that keeps every drain loop busy without letting the stream grow: whenever fewer than
/// <c>target</c> entries wait undelivered in the consumer group, it posts the difference through the API (single
/// events, one entry each), so a worker reading batches smaller than <c>target</c> never reads an empty one, while the
/// backlog stays bounded.
/// Keeps the ids that got 202, counts every other answer, and watches the smallest backlog and the longest stream.
/// </summary>
internal sealed class BacklogKeeper(HttpClient client, IDatabase redis, int target) : IAsyncDisposable
{
    private const string Event = """{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "F-BACKLOG", "severity": "low"}""";
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Guid> _accepted = [];
    private readonly ConcurrentDictionary<int, int> _otherStatuses = new();
    private long _minBacklog = long.MaxValue;
    private long _maxStreamLength;
    private Task? _running;

    public IReadOnlyCollection<Guid> Accepted => _accepted;

    /// <summary>Non-202 answers by status code (0: no answer).</summary>
    public IReadOnlyDictionary<int, int> OtherStatuses => _otherStatuses;

    /// <summary>The fewest undelivered entries seen since <see cref="ResetObservations"/>.</summary>
    public long MinBacklog => Interlocked.Read(ref _minBacklog);

    /// <summary>The longest the stream was seen since <see cref="ResetObservations"/>.</summary>
    public long MaxStreamLength => Interlocked.Read(ref _maxStreamLength);

    public void Start() => _running = Task.Run(() => KeepAsync(_stop.Token));

    public void ResetObservations()
    {
        Interlocked.Exchange(ref _minBacklog, long.MaxValue);
        Interlocked.Exchange(ref _maxStreamLength, 0);
    }

    /// <summary>Waits (bounded) until the backlog has been built up to the target once.</summary>
    public async Task WaitForBacklogAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        while (await BacklogAsync() < target)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(TestTimeouts.Request);
        }
    }

    private async Task KeepAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var backlog = await BacklogAsync();
            var length = await redis.StreamLengthAsync(VectorVueAppFixture.Stream.StreamKey);
            InterlockedMin(ref _minBacklog, backlog);
            InterlockedMax(ref _maxStreamLength, length);
            if (backlog >= target)
            {
                await Task.Delay(20, CancellationToken.None);
                continue;
            }

            await PostAsync((int)Math.Min(100, target - backlog));
        }
    }

    /// <summary>Entries of the stream not yet delivered to any consumer of the group.</summary>
    private async Task<long> BacklogAsync()
    {
        var key = VectorVueAppFixture.Stream.StreamKey;
        var group = (await redis.StreamGroupInfoAsync(key)).Single(g => g.Name == VectorVueAppFixture.Stream.ConsumerGroup);
        if (group.Lag is { } lag)
        {
            return lag;
        }

        // Redis cannot always tell the lag (e.g. after entries were deleted): count what follows the last delivered.
        var undelivered = await redis.StreamRangeAsync(key, "(" + group.LastDeliveredId, "+", count: target);
        return undelivered.Length;
    }

    /// <summary>Posts <paramref name="count"/> single events at once: each is one stream entry (a batch would be one for all).</summary>
    private Task PostAsync(int count) => Task.WhenAll(Enumerable.Range(0, count).Select(_ => PostOneAsync()));

    private async Task PostOneAsync()
    {
        try
        {
            using var content = new StringContent(Event, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/api/v1/client/events", content, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                _otherStatuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                await Task.Delay(100, CancellationToken.None);
                return;
            }

            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(CancellationToken.None));
            _accepted.Add(answer.RootElement.GetProperty("event_id").GetGuid());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            _otherStatuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static void InterlockedMin(ref long location, long value)
    {
        for (var current = Interlocked.Read(ref location); value < current; current = Interlocked.Read(ref location))
        {
            if (Interlocked.CompareExchange(ref location, value, current) == current)
            {
                return;
            }
        }
    }

    private static void InterlockedMax(ref long location, long value)
    {
        for (var current = Interlocked.Read(ref location); value > current; current = Interlocked.Read(ref location))
        {
            if (Interlocked.CompareExchange(ref location, value, current) == current)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

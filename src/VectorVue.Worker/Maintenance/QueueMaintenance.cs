using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Draining;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// Per shard: keeps the stream bounded without loss — trims what every group has acknowledged — samples its length,
/// pending count, lag and queued-events counter for the dashboard, puts a drifted counter back to 0 when nothing is
/// queued (<see cref="QueuedCounterResync"/>), and forgets consumers that are long gone and hold nothing.
/// </summary>
internal sealed partial class QueueMaintenance(
    IConnectionMultiplexer redis,
    WorkerMetrics metrics,
    ConsumerIdentity consumer,
    StreamShards shards,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<QueueMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(workerOptions.Value.TrimInterval, timeProvider);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            for (var shard = 0; shard < shards.Count; shard++)
            {
                try
                {
                    await RunOnceAsync(shard);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // One shard's node being down leaves the others maintained.
                    LogMaintenanceFailed(logger, ex, shards.StreamKey(shard));
                }
            }
        }
    }

    internal async Task RunOnceAsync(int shard)
    {
        var db = redis.GetDatabase();
        var key = shards.StreamKey(shard);
        var counter = shards.QueuedCounterKey(shard);
        var group = streamOptions.Value.ConsumerGroup;
        var queued = (long?)await db.StringGetAsync(counter) ?? 0;
        if (!await db.KeyExistsAsync(key))
        {
            metrics.Observed(shard, 0, 0, 0, queued);
            await ResyncWhenIdleAsync(db, shard, key, counter, group, queued);
            return;
        }

        var groups = await db.StreamGroupInfoAsync(key);
        var positions = new List<(StreamId? OldestPending, StreamId LastDelivered)>(groups.Length);
        long pending = 0, lag = 0;
        var ours = groups.FirstOrDefault(g => g.Name == group);
        foreach (var info in groups)
        {
            pending += info.PendingMessageCount;
            lag += info.Lag ?? 0;
            StreamId? oldest = null;
            if (info.PendingMessageCount > 0
                && StreamId.TryParse((await db.StreamPendingAsync(key, info.Name)).LowestPendingMessageId.ToString(), out var lowest))
            {
                oldest = lowest;
            }

            if (StreamId.TryParse(info.LastDeliveredId, out var delivered))
            {
                positions.Add((oldest, delivered));
            }
        }

        if (positions.Count == groups.Length && TrimPoint.For(positions) is { } point)
        {
            // The key as a RedisKey, so on a Redis Cluster the command goes to the shard's node.
            var trimmed = (long)await db.ExecuteAsync("XTRIM", (RedisKey)key, "MINID", point.ToString());
            if (trimmed > 0)
            {
                var minId = point.ToString();
                LogTrimmed(logger, trimmed, minId, key);
            }
        }

        metrics.Observed(shard, await db.StreamLengthAsync(key), pending, lag, queued);
        // Nothing pending and nothing undelivered in the workers' group (the script checks again, atomically).
        if (ours is { PendingMessageCount: 0, Lag: null or 0 })
        {
            await ResyncWhenIdleAsync(db, shard, key, counter, group, queued);
        }

        await ForgetIdleConsumersAsync(db, key, group);
    }

    private async Task ResyncWhenIdleAsync(IDatabase db, int shard, string key, string counter, string group, long queued)
    {
        if (queued != 0 && await QueuedCounterResync.RunAsync(db, key, counter, group) is var drifted and not 0)
        {
            LogCounterResynchronised(logger, counter, drifted, key);
            metrics.ObservedQueuedEvents(shard, 0);
        }
    }

    private async Task ForgetIdleConsumersAsync(IDatabase db, string key, string group)
    {
        var forgetAfter = (long)workerOptions.Value.ForgetIdleConsumersAfter.TotalMilliseconds;
        foreach (var other in await db.StreamConsumerInfoAsync(key, group))
        {
            if (other.PendingMessageCount == 0 && other.IdleTimeInMilliseconds > forgetAfter && !consumer.Names.Contains(other.Name))
            {
                await db.StreamDeleteConsumerAsync(key, group, other.Name);
                LogForgotConsumer(logger, other.Name!, key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trimmed {Count} acknowledged entries below {MinId} from {Stream}")]
    private static partial void LogTrimmed(ILogger logger, long count, string minId, string stream);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed idle consumer {Consumer} of {Stream} (nothing pending)")]
    private static partial void LogForgotConsumer(ILogger logger, string consumer, string stream);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Queued-events counter {Counter} read {Drifted} while nothing was queued on {Stream}; set to 0")]
    private static partial void LogCounterResynchronised(ILogger logger, string counter, long drifted, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue maintenance of {Stream} failed; retrying at the next interval")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception, string stream);
}

using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Draining;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// Keeps the stream bounded without loss — trims what every group has acknowledged — samples its length, pending
/// count and lag for the dashboard, and forgets consumers that are long gone and hold nothing.
/// </summary>
internal sealed partial class QueueMaintenance(
    IConnectionMultiplexer redis,
    WorkerMetrics metrics,
    ConsumerIdentity consumer,
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

            try
            {
                await RunOnceAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogMaintenanceFailed(logger, ex);
            }
        }
    }

    internal async Task RunOnceAsync()
    {
        var db = redis.GetDatabase();
        var key = streamOptions.Value.StreamKey;
        if (!await db.KeyExistsAsync(key))
        {
            metrics.Observed(0, 0, 0);
            return;
        }

        var groups = await db.StreamGroupInfoAsync(key);
        var positions = new List<(StreamId? OldestPending, StreamId LastDelivered)>(groups.Length);
        long pending = 0, lag = 0;
        foreach (var group in groups)
        {
            pending += group.PendingMessageCount;
            lag += group.Lag ?? 0;
            StreamId? oldest = null;
            if (group.PendingMessageCount > 0
                && StreamId.TryParse((await db.StreamPendingAsync(key, group.Name)).LowestPendingMessageId.ToString(), out var lowest))
            {
                oldest = lowest;
            }

            if (StreamId.TryParse(group.LastDeliveredId, out var delivered))
            {
                positions.Add((oldest, delivered));
            }
        }

        if (positions.Count == groups.Length && TrimPoint.For(positions) is { } point)
        {
            var trimmed = (long)await db.ExecuteAsync("XTRIM", key, "MINID", point.ToString());
            if (trimmed > 0)
            {
                var minId = point.ToString();
                LogTrimmed(logger, trimmed, minId);
            }
        }

        metrics.Observed(await db.StreamLengthAsync(key), pending, lag);
        await ForgetIdleConsumersAsync(db, key);
    }

    private async Task ForgetIdleConsumersAsync(IDatabase db, RedisKey key)
    {
        var group = streamOptions.Value.ConsumerGroup;
        var forgetAfter = (long)workerOptions.Value.ForgetIdleConsumersAfter.TotalMilliseconds;
        foreach (var other in await db.StreamConsumerInfoAsync(key, group))
        {
            if (other.PendingMessageCount == 0 && other.IdleTimeInMilliseconds > forgetAfter && !consumer.Names.Contains(other.Name))
            {
                await db.StreamDeleteConsumerAsync(key, group, other.Name);
                LogForgotConsumer(logger, other.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trimmed {Count} acknowledged entries below {MinId}")]
    private static partial void LogTrimmed(ILogger logger, long count, string minId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed idle consumer {Consumer} (nothing pending)")]
    private static partial void LogForgotConsumer(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue maintenance failed; retrying at the next interval")]
    private static partial void LogMaintenanceFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Health;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Drains the events stream into PostgreSQL through a consumer group: first this consumer's own pending entries,
/// then new ones, and entries a dead consumer left pending once they have been idle long enough. An entry is
/// acknowledged only after the transaction that stored it has committed, so a crash at any point leads to
/// redelivery, never to loss; while PostgreSQL or Redis fails, entries stay pending and the worker retries with
/// capped, jittered exponential backoff, reporting unhealthy until a store succeeds again. The process runs
/// <see cref="WorkerOptions.Consumers"/> such loops side by side, each a consumer of its own.
/// </summary>
/// <remarks>
/// The path of an entry, in the order of the worker's folders: read here; decoded (<see cref="StreamEntryDecoder"/>)
/// and stored (<see cref="BatchStorer"/>, <see cref="BatchIsolation"/>, <c>Storage/EventWriter</c>); acknowledged
/// (<c>Acknowledging/StreamAcknowledger</c>); or, refused for good, dead-lettered (<c>DeadLetters/</c>).
/// <c>Maintenance/</c> trims what every group has acknowledged.
/// </remarks>
internal sealed partial class StreamDrainer(
    IConnectionMultiplexer redis,
    BatchStorer storer,
    StorageHealth health,
    WorkerMetrics metrics,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    ConsumerIdentity consumer,
    TimeProvider timeProvider,
    ILogger<StreamDrainer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(consumer.Names.Select(name => Task.Run(() => DrainAsync(name, stoppingToken), CancellationToken.None)));

    private async Task DrainAsync(string consumerName, CancellationToken stoppingToken)
    {
        var stream = streamOptions.Value;
        var options = workerOptions.Value;
        var backoff = new Backoff(options.RetryBaseDelay, options.RetryMaxDelay, Random.Shared);
        var position = StreamPosition.Beginning; // own pending entries first, then ">" (new ones)
        var lastClaim = timeProvider.GetTimestamp();
        var groupReady = false;
        LogStarted(logger, consumerName, stream.StreamKey, stream.ConsumerGroup);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!groupReady)
                {
                    await ConsumerGroup.EnsureAsync(db, stream, stoppingToken);
                    groupReady = true;
                }

                var entries = await db.StreamReadGroupAsync(stream.StreamKey, stream.ConsumerGroup, consumerName, position, options.BatchSize);
                if (entries.Length == 0 && position == StreamPosition.Beginning)
                {
                    position = StreamPosition.NewMessages;
                    continue;
                }

                if (entries.Length == 0 && timeProvider.GetElapsedTime(lastClaim) >= options.ClaimIdleTime / 2)
                {
                    lastClaim = timeProvider.GetTimestamp();
                    entries = await ClaimAbandonedAsync(db, stream, options, consumerName);
                }

                if (entries.Length == 0)
                {
                    await Task.Delay(options.IdleDelay, timeProvider, stoppingToken);
                    continue;
                }

                var leftPending = await StoreWithGraceAsync(entries, options.ShutdownGrace, stoppingToken);
                health.Succeeded();
                backoff.Reset();
                // Refused entries with deliveries left are re-read from this consumer's pending list at once.
                position = leftPending ? StreamPosition.Beginning : StreamPosition.NewMessages;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (IsInfrastructureFailure(ex))
            {
                // Nothing of the failing batch was acknowledged: it stays pending and is read again ("0").
                health.Failed(ex);
                metrics.Retried();
                groupReady = ex is not RedisServerException { Message: var m } || !m.StartsWith("NOGROUP", StringComparison.Ordinal);
                position = StreamPosition.Beginning;
                var delay = backoff.NextDelay();
                LogRetrying(logger, ex, backoff.Failures, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        LogStopped(logger, consumerName);
    }

    /// <summary>
    /// Lets the batch in flight finish for up to <paramref name="grace"/> after shutdown begins; past that it is
    /// abandoned unacknowledged (its transaction rolls back) and will be redelivered.
    /// </summary>
    private async Task<bool> StoreWithGraceAsync(StackExchange.Redis.StreamEntry[] entries, TimeSpan grace, CancellationToken stoppingToken)
    {
        using var batchCancellation = new CancellationTokenSource();
        await using var registration = stoppingToken.Register(() => batchCancellation.CancelAfter(grace));
        try
        {
            return await storer.StoreAsync(entries, batchCancellation.Token);
        }
        catch (OperationCanceledException) when (batchCancellation.IsCancellationRequested)
        {
            LogAbandoned(logger, entries.Length);
            throw new OperationCanceledException(stoppingToken);
        }
    }

    private async Task<StackExchange.Redis.StreamEntry[]> ClaimAbandonedAsync(
        IDatabase db, EventStreamOptions stream, WorkerOptions options, string consumerName)
    {
        var claimed = await db.StreamAutoClaimAsync(stream.StreamKey, stream.ConsumerGroup, consumerName,
            (long)options.ClaimIdleTime.TotalMilliseconds, "0-0", options.BatchSize);
        if (claimed.ClaimedEntries.Length > 0)
        {
            LogClaimed(logger, claimed.ClaimedEntries.Length);
        }

        return claimed.ClaimedEntries;
    }

    private static bool IsInfrastructureFailure(Exception ex) =>
        ex is RedisException or NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} draining stream {Stream} in group {Group}")]
    private static partial void LogStarted(ILogger logger, string consumer, string stream, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} stopped")]
    private static partial void LogStopped(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over {Count} entries left pending by another consumer")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: abandoned a batch of {Count} entries unacknowledged; they will be redelivered")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing failed ({Failures} in a row); entries stay pending, retry in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, Exception exception, int failures, double delayMs);
}

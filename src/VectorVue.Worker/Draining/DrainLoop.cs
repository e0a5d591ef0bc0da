using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Health;

namespace VectorVue.Worker.Draining;

/// <summary>
/// One consumer of the group: first its own pending entries, then new ones, and on a schedule the entries a dead
/// consumer left pending (<see cref="ClaimSchedule"/>). An entry is acknowledged only after the transaction that
/// stored it has committed, so a crash at any point leads to redelivery, never to loss. While PostgreSQL or Redis
/// fails, entries stay pending and the loop retries with capped, jittered exponential backoff, reporting unhealthy
/// until a store succeeds again. Any other exception ends the loop; <see cref="StreamDrainer"/> restarts it.
/// </summary>
/// <remarks>Everything a loop remembers (its read position, backoff, claim schedule) is its own.</remarks>
internal sealed partial class DrainLoop(
    string consumer,
    IConnectionMultiplexer redis,
    BatchStorer storer,
    StorageHealth storageHealth,
    DrainLoopHealth loopHealth,
    WorkerMetrics metrics,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<DrainLoop> logger)
{
    private readonly EventStreamOptions _stream = streamOptions.Value;
    private readonly WorkerOptions _options = workerOptions.Value;
    private readonly ClaimSchedule _claims = new(workerOptions.Value.ClaimIdleTime / 2, timeProvider);
    private RedisValue _position = StreamPosition.Beginning; // own pending entries first, then ">" (new ones)

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared);
        var groupReady = false;
        LogStarted(logger, consumer, _stream.StreamKey, _stream.ConsumerGroup);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var db = redis.GetDatabase();
                if (!groupReady)
                {
                    await ConsumerGroup.EnsureAsync(db, _stream, stoppingToken);
                    groupReady = true;
                }

                if (_position == StreamPosition.NewMessages && _claims.IsDue)
                {
                    await TakeOverAbandonedAsync(db, stoppingToken);
                }

                var entries = await db.StreamReadGroupAsync(_stream.StreamKey, _stream.ConsumerGroup, consumer, _position, _options.BatchSize);
                if (entries.Length == 0 && _position == StreamPosition.Beginning)
                {
                    _position = StreamPosition.NewMessages;
                    continue;
                }

                if (entries.Length == 0)
                {
                    loopHealth.Progressed(consumer);
                    await Task.Delay(_options.IdleDelay, timeProvider, stoppingToken);
                    continue;
                }

                await StoreAsync(entries, stoppingToken);
                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (IsInfrastructureFailure(ex))
            {
                // Nothing of the failing batch was acknowledged: it stays pending and is read again ("0").
                storageHealth.Failed(ex);
                metrics.Retried();
                groupReady = ex is not RedisServerException { Message: var m } || !m.StartsWith("NOGROUP", StringComparison.Ordinal);
                _position = StreamPosition.Beginning;
                var delay = backoff.NextDelay();
                LogRetrying(logger, ex, consumer, backoff.Failures, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        LogStopped(logger, consumer);
    }

    /// <summary>One pass of the claim schedule: at most one batch of entries idle longer than the claim idle time.</summary>
    private async Task TakeOverAbandonedAsync(IDatabase db, CancellationToken stoppingToken)
    {
        var claimed = await db.StreamAutoClaimAsync(_stream.StreamKey, _stream.ConsumerGroup, consumer,
            (long)_options.ClaimIdleTime.TotalMilliseconds, _claims.Cursor, _options.BatchSize);
        _claims.Passed(claimed.ClaimedEntries.Length, _options.BatchSize, claimed.NextStartId);
        if (claimed.ClaimedEntries.Length > 0)
        {
            LogClaimed(logger, consumer, claimed.ClaimedEntries.Length);
            // They are this consumer's pending entries now: stored like any batch (a refused one is re-read from "0").
            await StoreAsync(claimed.ClaimedEntries, stoppingToken);
        }
    }

    private async Task StoreAsync(StackExchange.Redis.StreamEntry[] entries, CancellationToken stoppingToken)
    {
        var leftPending = await StoreWithGraceAsync(entries, stoppingToken);
        storageHealth.Succeeded();
        loopHealth.Progressed(consumer);
        // Refused entries with deliveries left are re-read from this consumer's pending list at once.
        _position = leftPending ? StreamPosition.Beginning : StreamPosition.NewMessages;
    }

    /// <summary>
    /// Lets the batch in flight finish for up to <see cref="WorkerOptions.ShutdownGrace"/> after shutdown begins;
    /// past that it is abandoned unacknowledged (its transaction rolls back) and will be redelivered.
    /// </summary>
    private async Task<bool> StoreWithGraceAsync(StackExchange.Redis.StreamEntry[] entries, CancellationToken stoppingToken)
    {
        using var batchCancellation = new CancellationTokenSource();
        await using var registration = stoppingToken.Register(() => batchCancellation.CancelAfter(_options.ShutdownGrace));
        try
        {
            return await storer.StoreAsync(entries, consumer, batchCancellation.Token);
        }
        catch (OperationCanceledException) when (batchCancellation.IsCancellationRequested)
        {
            LogAbandoned(logger, entries.Length);
            throw new OperationCanceledException(stoppingToken);
        }
    }

    private static bool IsInfrastructureFailure(Exception ex) =>
        ex is RedisException or NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} draining stream {Stream} in group {Group}")]
    private static partial void LogStarted(ILogger logger, string consumer, string stream, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} stopped")]
    private static partial void LogStopped(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} took over {Count} entries left pending by another consumer")]
    private static partial void LogClaimed(ILogger logger, string consumer, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: abandoned a batch of {Count} entries unacknowledged; they will be redelivered")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer}: storing failed ({Failures} in a row); entries stay pending, retry in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string consumer, int failures, double delayMs);
}

using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Health;

namespace VectorVue.Worker.Draining;

/// <summary>
/// One consumer of the group, reading the shards <see cref="ShardAssignment"/> gives it: per shard first its own
/// pending entries, then new ones, and on a schedule the entries a dead consumer left pending
/// (<see cref="ClaimSchedule"/>). New entries are waited for in Redis (<see cref="BlockingStreamReader"/>), not polled
/// for. With several shards it serves them in turn, one read each per round, and waits only when a whole round found
/// nothing — on one shard, a different one each round, for its share of <see cref="WorkerOptions.ReadBlockTime"/>. An
/// entry is acknowledged only after everything it holds is committed, so a crash at any point leads to redelivery,
/// never to loss. While PostgreSQL or Redis fails, entries stay pending and the loop retries with capped, jittered
/// exponential backoff, reporting unhealthy until a store succeeds again. Any other exception ends the loop;
/// <see cref="StreamDrainer"/> restarts it.
/// </summary>
/// <remarks>Everything a loop remembers (its read positions, backoff, claim schedules, its read connection) is its own.</remarks>
internal sealed partial class DrainLoop(
    string consumer,
    IReadOnlyList<int> shards,
    IConnectionMultiplexer redis,
    ReadConnections readConnections,
    StreamShards layout,
    BatchStorer storer,
    StorageHealth storageHealth,
    DrainLoopHealth loopHealth,
    WorkerMetrics metrics,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<DrainLoop> logger)
{
    private readonly string _group = streamOptions.Value.ConsumerGroup;
    private readonly WorkerOptions _options = workerOptions.Value;
    private readonly ShardCursor[] _cursors = [.. shards.Select(shard => new ShardCursor(shard, layout.StreamKey(shard),
        new ClaimSchedule(workerOptions.Value.ClaimIdleTime / 2, timeProvider), new ReadSize(workerOptions.Value.BatchSize)))];

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var cursors = _cursors;
        var backoff = new Backoff(_options.RetryBaseDelay, _options.RetryMaxDelay, Random.Shared);
        await using var reader = new BlockingStreamReader(() => readConnections.ConnectAsync(consumer));
        var streams = string.Join(", ", cursors.Select(c => c.Stream));
        LogStarted(logger, consumer, streams, _group);

        for (var round = 0; !stoppingToken.IsCancellationRequested; round++)
        {
            try
            {
                var found = false;
                for (var i = 0; i < cursors.Length; i++)
                {
                    // Each round starts at the next shard, so the one waited on (the round's last) changes too.
                    var cursor = cursors[(round + i) % cursors.Length];
                    found |= await ServeAsync(cursor, reader, mayWait: !found && i == cursors.Length - 1, stoppingToken);
                }

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
                var noGroup = ex is RedisServerException { Message: var m } && m.StartsWith("NOGROUP", StringComparison.Ordinal);
                foreach (var cursor in cursors)
                {
                    cursor.ReadingPending = true;
                    cursor.GroupReady &= !noGroup;
                }

                var delay = backoff.NextDelay();
                LogRetrying(logger, ex, consumer, backoff.Failures, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        LogStopped(logger, consumer);
    }

    /// <summary>
    /// How long a read may wait for new entries: the block shared out over the loop's shards (so an idle loop looks
    /// at each of them within <see cref="WorkerOptions.ReadBlockTime"/>), and never past a takeover falling due.
    /// </summary>
    private TimeSpan WaitLimit()
    {
        var limit = _options.ReadBlockTime / _cursors.Length;
        foreach (var cursor in _cursors)
        {
            var untilDue = cursor.Claims.UntilDue;
            limit = untilDue < limit ? untilDue : limit;
        }

        return limit;
    }

    /// <summary>
    /// One turn at one shard (<paramref name="cursor"/>): takeover when due, then one read — of its own pending entries,
    /// or of new ones through the loop's <paramref name="reader"/> — then storing what it brought.
    /// </summary>
    /// <param name="cursor">The shard.</param>
    /// <param name="reader">The loop's reader of new entries.</param>
    /// <param name="mayWait">Whether the read may wait for new entries (only when the round has found nothing yet).</param>
    /// <param name="stoppingToken">Shutdown.</param>
    /// <returns>Whether the read brought entries.</returns>
    private async Task<bool> ServeAsync(ShardCursor cursor, BlockingStreamReader reader, bool mayWait, CancellationToken stoppingToken)
    {
        var db = redis.GetDatabase();
        if (!cursor.GroupReady)
        {
            await ConsumerGroup.EnsureAsync(db, cursor.Stream, _group, stoppingToken);
            cursor.GroupReady = true;
        }

        if (!cursor.ReadingPending && cursor.Claims.IsDue)
        {
            await TakeOverAbandonedAsync(db, cursor, stoppingToken);
        }

        var count = cursor.ReadSize.Entries;
        StackExchange.Redis.StreamEntry[] entries = [];
        var fromPending = cursor.ReadingPending;
        if (fromPending)
        {
            entries = await db.StreamReadGroupAsync(cursor.Stream, _group, consumer, StreamPosition.Beginning, count);
            fromPending = entries.Length > 0;
        }

        if (!fromPending)
        {
            entries = await reader.ReadNewAsync(cursor.Stream, _group, consumer, count, mayWait ? WaitLimit() : TimeSpan.Zero, stoppingToken);
        }

        cursor.ReadSize.Observed(entries.Length, entries.Sum(e => Acknowledging.CountedEvents.Of(e.Values)));
        if (entries.Length == 0)
        {
            cursor.ReadingPending = false;
            loopHealth.Progressed(consumer);
            return false;
        }

        var leftPending = await StoreAsync(cursor, entries, stoppingToken);
        // Back to its own pending entries when a refusal left some there, or when they filled a read (more may wait).
        cursor.ReadingPending = leftPending || (fromPending && entries.Length >= count);
        return true;
    }

    /// <summary>One pass of the claim schedule: at most one read's worth of entries idle longer than the claim idle time.</summary>
    private async Task TakeOverAbandonedAsync(IDatabase db, ShardCursor cursor, CancellationToken stoppingToken)
    {
        var count = cursor.ReadSize.Entries;
        var claimed = await db.StreamAutoClaimAsync(cursor.Stream, _group, consumer,
            (long)_options.ClaimIdleTime.TotalMilliseconds, cursor.Claims.Cursor, count);
        cursor.Claims.Passed(claimed.ClaimedEntries.Length, count, claimed.NextStartId);
        if (claimed.ClaimedEntries.Length > 0)
        {
            LogClaimed(logger, consumer, claimed.ClaimedEntries.Length, cursor.Stream);
            // They are this consumer's pending entries now: stored like any batch (a refused one is re-read from "0").
            cursor.ReadingPending |= await StoreAsync(cursor, claimed.ClaimedEntries, stoppingToken);
        }
    }

    /// <returns>True when entries holding refused events were left pending for another attempt.</returns>
    private async Task<bool> StoreAsync(ShardCursor cursor, StackExchange.Redis.StreamEntry[] entries, CancellationToken stoppingToken)
    {
        var leftPending = await StoreWithGraceAsync(cursor.Shard, entries, stoppingToken);
        storageHealth.Succeeded();
        loopHealth.Progressed(consumer);
        return leftPending;
    }

    /// <summary>
    /// Lets the batch in flight finish for up to <see cref="WorkerOptions.ShutdownGrace"/> after shutdown begins;
    /// past that it is abandoned unacknowledged (its transaction rolls back) and will be redelivered.
    /// </summary>
    private async Task<bool> StoreWithGraceAsync(int shard, StackExchange.Redis.StreamEntry[] entries, CancellationToken stoppingToken)
    {
        using var batchCancellation = new CancellationTokenSource();
        await using var registration = stoppingToken.Register(() => batchCancellation.CancelAfter(_options.ShutdownGrace));
        try
        {
            return await storer.StoreAsync(shard, entries, consumer, batchCancellation.Token);
        }
        catch (OperationCanceledException) when (batchCancellation.IsCancellationRequested)
        {
            LogAbandoned(logger, entries.Length);
            throw new OperationCanceledException(stoppingToken);
        }
    }

    private static bool IsInfrastructureFailure(Exception ex) =>
        ex is RedisException or NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} draining {Streams} in group {Group}")]
    private static partial void LogStarted(ILogger logger, string consumer, string streams, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} stopped")]
    private static partial void LogStopped(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} took over {Count} entries of {Stream} left pending by another consumer")]
    private static partial void LogClaimed(ILogger logger, string consumer, int count, string stream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: abandoned a batch of {Count} entries unacknowledged; they will be redelivered")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumer {Consumer}: storing failed ({Failures} in a row); entries stay pending, retry in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, Exception exception, string consumer, int failures, double delayMs);
}

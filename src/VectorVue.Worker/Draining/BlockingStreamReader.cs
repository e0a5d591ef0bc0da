using StackExchange.Redis;

namespace VectorVue.Worker.Draining;

/// <summary>
/// One drain loop's reads of new entries (<c>XREADGROUP … &gt;</c>): Redis answers at once when entries wait, and
/// otherwise holds the read for up to the given time and answers the moment one arrives — no polling, no CPU while
/// idle. The reads run on the loop's own connection (<see cref="ReadConnections"/>), opened at the first read and
/// closed with the reader. On shutdown a blocked read is abandoned at once, not waited out: what Redis may still
/// deliver to it stays pending at this consumer and is re-read first by the next loop of that name, or taken over.
/// </summary>
internal sealed class BlockingStreamReader(Func<Task<IConnectionMultiplexer>> connect) : IAsyncDisposable
{
    private IConnectionMultiplexer? _connection;

    /// <param name="stream">The shard's stream (a <see cref="RedisKey"/>, so a Redis Cluster routes the read to its node).</param>
    /// <param name="group">The consumer group.</param>
    /// <param name="consumer">This loop's consumer name.</param>
    /// <param name="count">Most entries to read.</param>
    /// <param name="block">How long Redis may wait for new entries; zero: answer at once.</param>
    /// <param name="cancellationToken">Abandons a read in progress.</param>
    public async Task<StackExchange.Redis.StreamEntry[]> ReadNewAsync(
        RedisKey stream, string group, string consumer, int count, TimeSpan block, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _connection ??= await connect();
        object[] arguments = block > TimeSpan.Zero
            ? ["GROUP", group, consumer, "COUNT", count, "BLOCK", (long)Math.Ceiling(block.TotalMilliseconds), "STREAMS", stream, ">"]
            : ["GROUP", group, consumer, "COUNT", count, "STREAMS", stream, ">"];
        var read = _connection.GetDatabase().ExecuteAsync("XREADGROUP", arguments);
        try
        {
            return XReadGroupReply.EntriesOf(await read.WaitAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The read fails once its connection is closed; nobody waits for it any more.
            _ = read.ContinueWith(static task => task.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            // Closing without waiting: a read still blocked in Redis ends with the connection.
            await _connection.CloseAsync(allowCommandsToComplete: false);
            _connection.Dispose();
        }
    }
}

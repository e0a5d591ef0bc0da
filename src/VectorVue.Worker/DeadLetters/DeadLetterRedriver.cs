using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// Puts dead letters back on the events stream after their cause is fixed (a missing tenant created, a constraint
/// relaxed). Each is re-queued with its original fields and marked re-driven; one that fails again comes back as a
/// new dead letter with its new reason. The work goes in chunks of <see cref="WorkerOptions.RedriveChunkSize"/>, each
/// its own short transaction, and never past the queue's high-water mark: where the stream is full the re-drive stops
/// and says how many it moved and how many remain.
/// </summary>
/// <remarks>
/// A chunk's rows are locked (<c>FOR UPDATE SKIP LOCKED</c>, so two re-drives at once never take the same dead letter),
/// added to the stream, and marked re-driven in the same transaction, which commits only once Redis has every entry.
/// A crash or failure before that commit leaves the chunk's dead letters unmarked: nothing is lost, and the next
/// re-drive adds them again — the same event then sits twice in the stream, which stores it once (the event id is the
/// primary key); if it still fails, each of the two entries becomes a dead letter of its own.
/// </remarks>
internal sealed partial class DeadLetterRedriver(
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<QueueCapacityOptions> queueCapacity,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<DeadLetterRedriver> logger)
{
    /// <summary>Most dead letters one call re-drives; run it again for more.</summary>
    public const int MaxPerCall = 10_000;

    public async Task<RedriveResult> RedriveAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var highWaterMark = queueCapacity.Value.QueueHighWaterMark;
        var chunkSize = workerOptions.Value.RedriveChunkSize;
        var redriven = 0;
        string? stoppedBy = null;
        while (true)
        {
            if (redriven >= MaxPerCall)
            {
                stoppedBy = RedriveResult.StoppedByCallLimit;
                break;
            }

            var room = highWaterMark - await db.StreamLengthAsync(streamOptions.Value.StreamKey);
            if (room <= 0)
            {
                stoppedBy = RedriveResult.StoppedByHighWaterMark;
                break;
            }

            var limit = (int)Math.Min(Math.Min(chunkSize, MaxPerCall - redriven), room);
            var moved = await RedriveChunkAsync(db, limit, cancellationToken);
            redriven += moved;
            if (moved < limit)
            {
                break; // none left (or the rest are in another re-drive's chunk right now)
            }
        }

        var remaining = await CountRemainingAsync(cancellationToken);
        if (stoppedBy == RedriveResult.StoppedByHighWaterMark && remaining > 0)
        {
            LogStoppedAtHighWaterMark(logger, redriven, remaining, highWaterMark);
        }

        return new RedriveResult(redriven, remaining, remaining > 0 ? stoppedBy : null);
    }

    private async Task<int> RedriveChunkAsync(IDatabase db, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var letters = new List<(long Id, string Payload)>(limit);
        await using (var select = new NpgsqlCommand(
            "SELECT id, payload FROM dead_letters WHERE redriven_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                letters.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        if (letters.Count == 0)
        {
            return 0;
        }

        // Pipelined on the one connection, in order; the chunk is marked only once Redis has acknowledged them all.
        var key = streamOptions.Value.StreamKey;
        await Task.WhenAll(letters.Select(letter => db.StreamAddAsync(key, EntryPayload.FromJson(letter.Payload))));

        await using (var mark = new NpgsqlCommand("UPDATE dead_letters SET redriven_at = $1 WHERE id = ANY($2)", connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = timeProvider.GetUtcNow() });
            mark.Parameters.Add(new NpgsqlParameter { Value = letters.Select(l => l.Id).ToArray() });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogRedriven(logger, letters.Count);
        return letters.Count;
    }

    private async Task<long> CountRemainingAsync(CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM dead_letters WHERE redriven_at IS NULL");
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-drove a chunk of {Count} dead letters onto the events stream")]
    private static partial void LogRedriven(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Re-drive stopped at the queue's high-water mark ({HighWaterMark} entries) after {Redriven} dead letters; {Remaining} remain: run it again once the stream has drained")]
    private static partial void LogStoppedAtHighWaterMark(ILogger logger, int redriven, long remaining, long highWaterMark);
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Redis;
using VectorVue.Worker.Acknowledging;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// Puts dead letters back on the events streams after their cause is fixed (a missing tenant created, a constraint
/// relaxed). Each — one event, as a single-event entry — is re-queued with its fields onto the stream of its tenant's
/// shard and marked re-driven; one that fails again comes back as a new dead letter with its new reason. The work goes
/// in chunks of <see cref="WorkerOptions.RedriveChunkSize"/>, each its own short transaction, and never past the
/// queue's high-water mark: each shard takes dead letters only while its queued-events counter stays at or below
/// the mark, and where a shard is full the re-drive stops and says how many it moved and how many remain.
/// </summary>
/// <remarks>
/// A chunk's rows are locked (<c>FOR UPDATE SKIP LOCKED</c>, so two re-drives at once never take the same dead letter),
/// added to the streams, and marked re-driven in the same transaction, which commits only once Redis has every entry
/// it took. Per shard one script adds them: it reads the shard's counter, adds dead letters in order while the mark
/// allows, and adds their events to the counter — exactly what the API's admission does for a request, so the
/// counter stays exact. A crash or failure before the commit leaves the chunk's dead letters unmarked: nothing is
/// lost, and the next re-drive adds them again — the same event then sits twice in the stream, which stores it once
/// (the event id is the primary key); if it still fails, each of the two entries becomes a dead letter of its own.
/// </remarks>
internal sealed partial class DeadLetterRedriver(
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    StreamShards shards,
    IOptions<QueueCapacityOptions> queueCapacity,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<DeadLetterRedriver> logger)
{
    /// <summary>Most dead letters one call re-drives; run it again for more.</summary>
    public const int MaxPerCall = 10_000;

    // KEYS: the shard's stream, its counter. ARGV: the high-water mark, then per dead letter its counted events, its
    // number of fields, and its fields and values. Answers how many it added (the first ones, in order).
    private static readonly RedisScript Script = new("""
        local mark = tonumber(ARGV[1])
        local queued = tonumber(redis.call('GET', KEYS[2]) or '0')
        local added, events, i = 0, 0, 2
        while i <= #ARGV do
            local n = tonumber(ARGV[i])
            local last = i + 1 + 2 * tonumber(ARGV[i + 1])
            if queued + events + n > mark then
                break
            end
            redis.call('XADD', KEYS[1], '*', unpack(ARGV, i + 2, last))
            added = added + 1
            events = events + n
            i = last + 1
        end
        if events > 0 then
            redis.call('INCRBY', KEYS[2], events)
        end
        return added
        """);

    public async Task<RedriveResult> RedriveAsync(CancellationToken cancellationToken)
    {
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

            var limit = Math.Min(chunkSize, MaxPerCall - redriven);
            var (taken, moved) = await RedriveChunkAsync(limit, highWaterMark, cancellationToken);
            redriven += moved;
            if (moved < taken)
            {
                stoppedBy = RedriveResult.StoppedByHighWaterMark;
                break;
            }

            if (taken < limit)
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

    /// <returns>How many dead letters the chunk took, and how many of them went back on the streams.</returns>
    private async Task<(int Taken, int Moved)> RedriveChunkAsync(int limit, long highWaterMark, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var letters = new List<(long Id, NameValueEntry[] Fields)>(limit);
        await using (var select = new NpgsqlCommand(
            "SELECT id, payload FROM dead_letters WHERE redriven_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                letters.Add((reader.GetInt64(0), EntryPayload.FromJson(reader.GetString(1))));
            }
        }

        if (letters.Count == 0)
        {
            return (0, 0);
        }

        // The shard of the event's tenant; a dead letter without a readable event goes to the first.
        var db = redis.GetDatabase();
        var moved = new List<long>(letters.Count);
        foreach (var ofShard in letters.GroupBy(l => TenantOf(l.Fields) is { } tenant ? shards.ShardOf(tenant) : 0).OrderBy(g => g.Key))
        {
            var values = new List<RedisValue> { highWaterMark };
            foreach (var (_, fields) in ofShard)
            {
                values.Add(CountedEvents.Of(fields));
                values.Add(fields.Length);
                foreach (var field in fields)
                {
                    values.Add(field.Name);
                    values.Add(field.Value);
                }
            }

            var added = (int)await Script.EvaluateAsync(
                db, [shards.StreamKey(ofShard.Key), shards.QueuedCounterKey(ofShard.Key)], [.. values]);
            moved.AddRange(ofShard.Take(added).Select(l => l.Id));
        }

        await using (var mark = new NpgsqlCommand("UPDATE dead_letters SET redriven_at = $1 WHERE id = ANY($2)", connection, transaction))
        {
            mark.Parameters.Add(new NpgsqlParameter { Value = timeProvider.GetUtcNow() });
            mark.Parameters.Add(new NpgsqlParameter { Value = moved.ToArray() });
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogRedriven(logger, moved.Count);
        return (letters.Count, moved.Count);
    }

    /// <summary>
    /// The tenant of the dead letter's event, read from the entry it holds (the worker's database role reads no more
    /// of <c>dead_letters</c> than it needs: the payload); null when it holds no readable event.
    /// </summary>
    private static Guid? TenantOf(NameValueEntry[] fields)
    {
        var json = fields.FirstOrDefault(f => f.Name == StreamFields.Event).Value;
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((string)json!, QueueJsonContext.Default.QueuedEvent)?.TenantId;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<long> CountRemainingAsync(CancellationToken cancellationToken)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM dead_letters WHERE redriven_at IS NULL");
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-drove a chunk of {Count} dead letters onto the events streams")]
    private static partial void LogRedriven(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Re-drive stopped at the queue's high-water mark ({HighWaterMark} queued events in a shard) after {Redriven} dead letters; {Remaining} remain: run it again once the stream has drained")]
    private static partial void LogStoppedAtHighWaterMark(ILogger logger, int redriven, long remaining, long highWaterMark);
}

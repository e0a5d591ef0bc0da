using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Worker.Acknowledging;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// Moves an entry that can never be stored out of the way: recorded in <c>dead_letters</c> (once, even if this is
/// retried after a crash), published on the dead-letter stream, then acknowledged, so it never blocks the stream.
/// </summary>
internal sealed partial class DeadLetterStore(
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    StreamAcknowledger acknowledger,
    IOptions<WorkerOptions> workerOptions,
    WorkerMetrics metrics,
    ILogger<DeadLetterStore> logger)
{
    private const int DeadLetterStreamMaxLength = 100_000;

    public async Task DeadLetterAsync(DeadLetterCandidate candidate, CancellationToken cancellationToken)
    {
        var payload = EntryPayload.ToJson(candidate.Entry.Values);
        await using (var command = dataSource.CreateCommand(
            """
            INSERT INTO dead_letters (stream_entry_id, event_id, tenant_id, payload, reason, error_code, delivery_count)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (stream_entry_id) DO NOTHING
            """))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = candidate.Entry.Id.ToString() });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)candidate.EventId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)candidate.TenantId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            command.Parameters.Add(new NpgsqlParameter { Value = payload });
            command.Parameters.Add(new NpgsqlParameter { Value = candidate.Reason });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)candidate.ErrorCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = candidate.DeliveryCount });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        NameValueEntry[] deadFields =
        [
            .. candidate.Entry.Values,
            new("dead_letter_reason", candidate.Reason),
            new("source_entry_id", candidate.Entry.Id),
        ];
        await redis.GetDatabase().StreamAddAsync(workerOptions.Value.DeadLetterStreamKey, deadFields,
            maxLength: DeadLetterStreamMaxLength, useApproximateMaxLength: true);
        await acknowledger.AcknowledgeAsync([candidate.Entry.Id]);

        metrics.DeadLettered(candidate.ErrorCode ?? "undecodable");
        LogDeadLettered(logger, candidate.Entry.Id.ToString(), candidate.EventId, candidate.DeliveryCount, candidate.Reason);
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Stream entry {EntryId} (event {EventId}) dead-lettered after {Deliveries} deliveries: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string entryId, Guid? eventId, int deliveries, string reason);
}

/// <summary>An entry to dead-letter, with why and how often it was tried.</summary>
internal sealed record DeadLetterCandidate(
    StackExchange.Redis.StreamEntry Entry, Guid? EventId, Guid? TenantId, string Reason, string? ErrorCode, int DeliveryCount);

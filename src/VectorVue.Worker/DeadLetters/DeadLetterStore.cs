using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using StackExchange.Redis;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// Records what can never be stored, so it never blocks the stream: in <c>dead_letters</c> (once per
/// <see cref="DeadLetter.Key"/>, even if this is repeated after a crash), then on the dead-letter stream. The entry
/// it came from is acknowledged by the caller once everything else it held is settled.
/// </summary>
internal sealed partial class DeadLetterStore(
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    IOptions<WorkerOptions> workerOptions,
    WorkerMetrics metrics,
    ILogger<DeadLetterStore> logger)
{
    private const int DeadLetterStreamMaxLength = 100_000;

    public async Task RecordAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        await using (var command = dataSource.CreateCommand(
            """
            INSERT INTO dead_letters (stream_entry_id, event_id, tenant_id, payload, reason, error_code, delivery_count)
            SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[])
            ON CONFLICT (stream_entry_id) DO NOTHING
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => l.Key)] });
            command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. letters.Select(l => l.EventId)] });
            command.Parameters.Add(new NpgsqlParameter<Guid?[]> { TypedValue = [.. letters.Select(l => l.TenantId)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => EntryPayload.ToJson(l.Fields))] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. letters.Select(l => l.Reason)] });
            command.Parameters.Add(new NpgsqlParameter<string?[]>
            {
                TypedValue = [.. letters.Select(l => l.ErrorCode)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. letters.Select(l => l.DeliveryCount)] });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Pipelined on the shared connection, in order.
        var db = redis.GetDatabase();
        await Task.WhenAll(letters.Select(letter => db.StreamAddAsync(workerOptions.Value.DeadLetterStreamKey,
            [.. letter.Fields, new("dead_letter_reason", letter.Reason), new("source_entry_id", letter.SourceEntryId)],
            maxLength: DeadLetterStreamMaxLength, useApproximateMaxLength: true)));

        foreach (var letter in letters)
        {
            metrics.DeadLettered(letter.ErrorCode ?? "undecodable");
            LogDeadLettered(logger, letter.Key, letter.EventId, letter.DeliveryCount, letter.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Stream entry {EntryId} (event {EventId}) dead-lettered after {Deliveries} deliveries: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string entryId, Guid? eventId, int deliveries, string reason);
}

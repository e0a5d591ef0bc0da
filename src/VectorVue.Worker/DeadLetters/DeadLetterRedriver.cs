using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// Puts dead letters back on the events stream after their cause is fixed (a missing tenant created, a constraint
/// relaxed). Each is re-queued with its original fields and marked re-driven; one that fails again comes back as a
/// new dead letter with its new reason. Storing is idempotent, so a re-drive repeated after a crash is harmless.
/// </summary>
internal sealed partial class DeadLetterRedriver(
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    IOptions<EventStreamOptions> streamOptions,
    TimeProvider timeProvider,
    ILogger<DeadLetterRedriver> logger)
{
    private const int MaxPerRun = 10_000;

    /// <returns>How many dead letters were re-queued.</returns>
    public async Task<int> RedriveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var letters = new List<(long Id, string Payload)>();
        await using (var select = new NpgsqlCommand(
            "SELECT id, payload FROM dead_letters WHERE redriven_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
            connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = MaxPerRun });
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

        var db = redis.GetDatabase();
        foreach (var (_, payload) in letters)
        {
            await db.StreamAddAsync(streamOptions.Value.StreamKey, EntryPayload.FromJson(payload));
        }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-drove {Count} dead letters onto the events stream")]
    private static partial void LogRedriven(ILogger logger, int count);
}

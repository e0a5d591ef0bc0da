using Npgsql;
using NpgsqlTypes;
using VectorVue.Contracts;

namespace VectorVue.Worker.Storage;

/// <summary>
/// Stores a batch of events in one transaction with one statement (arrays unnested server-side): the rows of
/// <c>client_activity_events</c> and, for exactly the rows that were new, their append-only copy in
/// <c>analytics.events</c>. Inserting an id that is already stored does nothing in either table, so
/// redelivered entries never become duplicate rows or duplicate projections.
/// </summary>
internal sealed class EventWriter(NpgsqlDataSource dataSource)
{
    // The parameters are the columns of EventColumns.ClientActivity, in that order (WriteAsync adds them so).
    private static readonly string InsertSql = $"""
        WITH stored AS (
            INSERT INTO client_activity_events ({EventColumns.List(EventColumns.ClientActivity)})
            SELECT * FROM unnest({string.Join(", ", EventColumns.ClientActivity.Select((c, i) => $"${i + 1}::{c.Type}[]"))})
            ON CONFLICT (id) DO NOTHING
            RETURNING {EventColumns.List(EventColumns.Shared)})
        INSERT INTO analytics.events ({EventColumns.List(EventColumns.Shared)})
        SELECT * FROM stored
        ON CONFLICT (id) DO NOTHING
        """;

    /// <returns>How many events were new (stored and projected together, so both counts are the same).</returns>
    public async Task<int> WriteAsync(IReadOnlyList<QueuedEvent> events, CancellationToken cancellationToken)
    {
        var count = events.Count;
        var ids = new Guid[count];
        var tenants = new Guid[count];
        var users = new Guid?[count];
        var eventTypes = new string[count];
        var objectTypes = new string[count];
        var objectIds = new string?[count];
        var severities = new string?[count];
        var timestamps = new DateTime[count];
        var metadata = new string?[count];
        var receivedAt = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            ids[i] = e.Id;
            tenants[i] = e.TenantId;
            users[i] = e.UserId;
            eventTypes[i] = e.EventType;
            objectTypes[i] = e.ObjectType;
            objectIds[i] = e.ObjectId;
            severities[i] = e.Severity;
            timestamps[i] = e.Timestamp.UtcDateTime;
            metadata[i] = e.MetadataJson;
            receivedAt[i] = e.ReceivedAt.UtcDateTime;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]> { TypedValue = ids },
                new NpgsqlParameter<Guid[]> { TypedValue = tenants },
                new NpgsqlParameter<Guid?[]> { TypedValue = users },
                new NpgsqlParameter<string[]> { TypedValue = eventTypes },
                new NpgsqlParameter<string[]> { TypedValue = objectTypes },
                new NpgsqlParameter<string?[]> { TypedValue = objectIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string?[]> { TypedValue = severities, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<DateTime[]> { TypedValue = timestamps, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<string?[]> { TypedValue = metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<DateTime[]> { TypedValue = receivedAt, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            },
        };
        var inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }
}

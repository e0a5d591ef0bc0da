using Npgsql;
using NpgsqlTypes;
using VectorVue.Contracts;
using VectorVue.Contracts.Storage;

namespace VectorVue.Worker.Storage;

/// <summary>
/// Stores a batch of events in one transaction with one statement, the arrays unnested server-side
/// (<see cref="EventStoreSql.FromArrays"/>): a receipt per event id, the events that were new into
/// <c>client_activity_events</c>, and from exactly those the lifecycle and daily analytics rows. An event whose id
/// is already stored (a redelivery, a client's retry) does nothing at all, so nothing is stored or counted twice.
/// </summary>
internal sealed class EventWriter(NpgsqlDataSource dataSource)
{
    /// <returns>How many events were new: stored now, never before.</returns>
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
        await using var command = new NpgsqlCommand(EventStoreSql.FromArrays, connection, transaction)
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

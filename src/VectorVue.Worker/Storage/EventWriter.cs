using Npgsql;
using NpgsqlTypes;
using VectorVue.Contracts;
using VectorVue.Contracts.Storage;

namespace VectorVue.Worker.Storage;

/// <summary>
/// Stores a batch of events with one prepared statement (so in one transaction), the arrays unnested server-side
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

        // One statement is one transaction (atomic, committed when it returns): no BEGIN and COMMIT round trips. It is
        // prepared on each pooled connection once (Npgsql keeps it across the pool's resets), so a batch of a few
        // events no longer pays for parsing and planning a statement of ten CTEs: measured on one connection, a
        // single event took 2.3 ms unprepared in a transaction and 0.7 ms prepared without one; 100 events 4.9 and
        // 2.8 ms; batches of 1,000 the same within the noise (docs/storage.md, "Write path").
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(EventStoreSql.FromArrays, connection)
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
        await command.PrepareAsync(cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

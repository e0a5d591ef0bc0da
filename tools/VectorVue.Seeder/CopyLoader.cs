using Npgsql;
using VectorVue.Contracts;
using VectorVue.Contracts.Storage;

namespace VectorVue.Seeder;

/// <summary>What one load changed: rows sent, events new in the store, and how long it took.</summary>
internal sealed record LoadResult(long Generated, long NewEvents, TimeSpan Elapsed);

/// <summary>
/// Loads a plan in one transaction: tenants and users (kept if present), then the events through binary COPY into
/// a temporary staging table, and from there through the worker's own statement (<see cref="EventStoreSql"/>): a
/// receipt per event id, the new events into <c>client_activity_events</c> (which <c>analytics.events</c> shows),
/// and the lifecycle and daily tables from exactly those. Loading the same plan again inserts nothing and counts
/// nothing twice; a cancelled or failed load leaves nothing behind.
/// </summary>
internal sealed class CopyLoader(NpgsqlDataSource dataSource)
{
    private const string StagingTable = "seed_events";

    private static readonly string CreateStagingSql = EventStoreSql.CreateStaging(StagingTable);

    private static readonly string CopySql = $"""
        COPY {StagingTable} ({EventStoreSql.StagingColumnList})
        FROM STDIN (FORMAT BINARY)
        """;

    private static readonly string StoreSql = EventStoreSql.FromStaging(StagingTable);

    public async Task<LoadResult> LoadAsync(
        SeedPlan plan, IEnumerable<SeedEvent> events, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await UpsertTenantsAsync(connection, transaction, plan, timeProvider.GetUtcNow(), cancellationToken);
        await ExecuteAsync(connection, transaction, CreateStagingSql, cancellationToken);
        var generated = await CopyAsync(connection, events, cancellationToken);
        var newEvents = await ExecuteAsync(connection, transaction, StoreSql, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new LoadResult(generated, newEvents, timeProvider.GetElapsedTime(started));
    }

    /// <summary>Stored events per tenant of the plan.</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> CountAsync(SeedPlan plan, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.id, (SELECT count(*) FROM client_activity_events e WHERE e.tenant_id = t.id)
            FROM unnest($1) AS t(id)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. plan.Tenants.Select(t => t.Id)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>The stored timestamps of the given events (absent ones are left out), found by their receipts.</summary>
    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> StoredTimestampsAsync(
        IReadOnlyCollection<(Guid TenantId, Guid EventId)> events, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT r.event_id, r."timestamp"
            FROM unnest($1, $2) AS e(tenant_id, event_id)
            JOIN event_receipts r ON r.tenant_id = e.tenant_id AND r.event_id = e.event_id
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.TenantId)] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. events.Select(e => e.EventId)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stored = new Dictionary<Guid, DateTimeOffset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            stored[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return stored;
    }

    private static async Task UpsertTenantsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, SeedPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            foreach (var tenant in plan.Tenants)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    "INSERT INTO tenants (id, name, is_active, created_at) VALUES ($1, $2, TRUE, $3) ON CONFLICT DO NOTHING")
                {
                    Parameters = { new() { Value = tenant.Id }, new() { Value = tenant.Name }, new() { Value = now } },
                });
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    """
                    INSERT INTO users (id, tenant_id, username, created_at)
                    SELECT u.id, $1, u.username, $4 FROM unnest($2, $3) AS u(id, username)
                    ON CONFLICT DO NOTHING
                    """)
                {
                    Parameters =
                    {
                        new() { Value = tenant.Id },
                        new NpgsqlParameter<Guid[]> { TypedValue = [.. tenant.Users.Select(u => u.Id)] },
                        new NpgsqlParameter<string[]> { TypedValue = [.. tenant.Users.Select(u => u.Username)] },
                        new() { Value = now },
                    },
                });
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<long> CopyAsync(NpgsqlConnection connection, IEnumerable<SeedEvent> events, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        long rows = 0;
        foreach (var e in events)
        {
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(e.Id, EventColumns.Id.Type, cancellationToken);
            await writer.WriteAsync(e.TenantId, EventColumns.TenantId.Type, cancellationToken);
            await WriteNullableAsync(writer, e.UserId, EventColumns.UserId.Type, cancellationToken);
            await writer.WriteAsync(e.EventType, EventColumns.EventType.Type, cancellationToken);
            await writer.WriteAsync(e.ObjectType, EventColumns.ObjectType.Type, cancellationToken);
            await WriteNullableAsync(writer, e.ObjectId, EventColumns.ObjectId.Type, cancellationToken);
            await WriteNullableAsync(writer, e.Severity, EventColumns.Severity.Type, cancellationToken);
            await writer.WriteAsync(e.Timestamp, EventColumns.Timestamp.Type, cancellationToken);
            await WriteNullableAsync(writer, e.MetadataJson, EventColumns.MetadataJson.Type, cancellationToken);
            await writer.WriteAsync(e.ReceivedAt, EventColumns.ReceivedAt.Type, cancellationToken);
            await writer.WriteAsync(rows, "bigint", cancellationToken);
            rows++;
        }

        await writer.CompleteAsync(cancellationToken);
        return rows;
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, string type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? writer.WriteNullAsync(cancellationToken) : writer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, string type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? writer.WriteAsync(v, type, cancellationToken) : writer.WriteNullAsync(cancellationToken);

    private static async Task<long> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        // A million rows take longer than the default 30 s command timeout on a small machine; Ctrl+C still cancels.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Npgsql;
using VectorVue.Contracts;

namespace VectorVue.Seeder;

/// <summary>What one load changed: rows sent, rows new in each event table, and how long it took.</summary>
internal sealed record LoadResult(long Generated, long NewClientEvents, long NewAnalyticsEvents, TimeSpan Elapsed);

/// <summary>
/// Loads a plan in one transaction: tenants and users (kept if present), then the events through binary COPY into
/// a temporary staging table, and from there into <c>client_activity_events</c> and <c>analytics.events</c>, both
/// with <c>ON CONFLICT (id) DO NOTHING</c>. Loading the same plan again inserts nothing; a cancelled or failed
/// load leaves nothing behind.
/// </summary>
internal sealed class CopyLoader(NpgsqlDataSource dataSource)
{
    // Staged and copied as client_activity_events rows are written: EventColumns.ClientActivity, in order.
    private static readonly IReadOnlyList<EventColumn> Columns = EventColumns.ClientActivity;

    private static readonly string CreateStagingSql = $"""
        CREATE TEMP TABLE seed_events (
            {string.Join(", ", Columns.Select(c => $"{c.Sql} {c.Type}{(c.IsNullable ? "" : " NOT NULL")}"))}
        ) ON COMMIT DROP
        """;

    private static readonly string CopySql = $"""
        COPY seed_events ({EventColumns.List(Columns)})
        FROM STDIN (FORMAT BINARY)
        """;

    private static readonly string InsertClientEventsSql = $"""
        INSERT INTO client_activity_events ({EventColumns.List(Columns)})
        SELECT {EventColumns.List(Columns)}
        FROM seed_events
        ON CONFLICT (id) DO NOTHING
        """;

    // ingested_at keeps its default (now()): when the history entered analytics.
    private static readonly string InsertAnalyticsEventsSql = $"""
        INSERT INTO analytics.events ({EventColumns.List(EventColumns.Shared)})
        SELECT {EventColumns.List(EventColumns.Shared)}
        FROM seed_events
        ON CONFLICT (id) DO NOTHING
        """;

    public async Task<LoadResult> LoadAsync(
        SeedPlan plan, IEnumerable<SeedEvent> events, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await UpsertTenantsAsync(connection, transaction, plan, timeProvider.GetUtcNow(), cancellationToken);
        await ExecuteAsync(connection, transaction, CreateStagingSql, cancellationToken);
        var generated = await CopyAsync(connection, events, cancellationToken);
        var newClientEvents = await ExecuteAsync(connection, transaction, InsertClientEventsSql, cancellationToken);
        var newAnalyticsEvents = await ExecuteAsync(connection, transaction, InsertAnalyticsEventsSql, cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return new LoadResult(generated, newClientEvents, newAnalyticsEvents, timeProvider.GetElapsedTime(started));
    }

    /// <summary>Stored events per tenant of the plan, in each event table.</summary>
    public async Task<IReadOnlyDictionary<Guid, (long Client, long Analytics)>> CountAsync(SeedPlan plan, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT t.id,
                   (SELECT count(*) FROM client_activity_events e WHERE e.tenant_id = t.id),
                   (SELECT count(*) FROM analytics.events a WHERE a.tenant_id = t.id)
            FROM unnest($1) AS t(id)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. plan.Tenants.Select(t => t.Id)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new Dictionary<Guid, (long, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return counts;
    }

    /// <summary>The stored timestamps of the given event ids (absent ids are left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> StoredTimestampsAsync(
        IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""SELECT id, "timestamp" FROM client_activity_events WHERE id = ANY($1)""");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. eventIds] });
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

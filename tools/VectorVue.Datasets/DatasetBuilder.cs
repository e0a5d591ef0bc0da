using System.Data;
using Npgsql;
using NpgsqlTypes;
using VectorVue.Analytics;
using VectorVue.Analytics.Figures;
using VectorVue.Contracts;

namespace VectorVue.Datasets;

/// <summary>What happened to one feature set of a build.</summary>
internal enum FeatureSetOutcome
{
    Created,
    Unchanged,
    Rebuilt,
}

/// <summary>One built feature set.</summary>
internal sealed record BuiltFeatureSet(Guid Id, Guid TenantId, string Window, DateTimeOffset WindowEnd, long Events, int Features, string DatasetHash, FeatureSetOutcome Outcome);

/// <summary>
/// Builds per-tenant feature sets from <c>analytics.events</c>: the figures and the events they are hashed with are
/// read in one REPEATABLE READ snapshot; a feature set already stored with the same hash is left as it is, one whose
/// data changed since (late events) is rebuilt in place.
/// </summary>
internal sealed partial class DatasetBuilder(NpgsqlDataSource dataSource, ILogger<DatasetBuilder> logger)
{
    /// <summary>Every event column but the tenant (the query's key), in order: the fields of a <see cref="DatasetEvent"/>.</summary>
    internal static readonly IReadOnlyList<EventColumn> EventColumnsRead = [.. EventColumns.Shared.Where(c => c != EventColumns.TenantId)];

    // jsonb is read as PostgreSQL's canonical text of it: that text is what the hash covers.
    private static readonly string EventsSql = $"""
        SELECT {string.Join(", ", EventColumnsRead.Select(c => c == EventColumns.MetadataJson ? c.Sql + "::text" : c.Sql))}
        FROM analytics.events
        WHERE tenant_id = $1 AND "timestamp" >= $2 AND "timestamp" < $3
        ORDER BY id
        """;

    private const string UpsertSql = """
        INSERT INTO analytics.feature_sets (id, tenant_id, window_name, window_start, window_end, event_count, dataset_hash)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (tenant_id, window_name, window_end) DO UPDATE
            SET event_count = EXCLUDED.event_count, dataset_hash = EXCLUDED.dataset_hash, created_at = now()
            WHERE feature_sets.dataset_hash <> EXCLUDED.dataset_hash
        RETURNING id, xmax = 0
        """;

    public async Task<IReadOnlyList<Guid>> ActiveTenantsAsync(Guid? only, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM tenants WHERE is_active AND ($1::uuid IS NULL OR id = $1) ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = only, NpgsqlDbType = NpgsqlDbType.Uuid });
        var tenants = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(reader.GetGuid(0));
        }

        return tenants;
    }

    public async Task<BuiltFeatureSet> BuildAsync(Guid tenantId, DatasetWindow window, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var analyticsWindow = AnalyticsWindow.Ending(end, window.Length);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        IReadOnlyDictionary<string, double> features;
        string hash;
        long events = 0;
        await using (var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
        {
            var figures = await TenantFiguresReader.ReadFromWindowEventsAsync(connection, tenantId, analyticsWindow, cancellationToken);
            features = FeatureExtractor.Extract(figures);

            using var hasher = new DatasetHasher(tenantId, window.Name, analyticsWindow.From, analyticsWindow.To);
            await using (var command = new NpgsqlCommand(EventsSql, connection, snapshot))
            {
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = analyticsWindow.From });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = analyticsWindow.To });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    hasher.AddEvent(new DatasetEvent(
                        reader.GetGuid(0),
                        reader.IsDBNull(1) ? null : reader.GetGuid(1),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.GetFieldValue<DateTimeOffset>(6),
                        reader.IsDBNull(7) ? null : reader.GetString(7)));
                    events++;
                }
            }

            hash = hasher.Finish(features);
            await snapshot.CommitAsync(cancellationToken);
        }

        var stored = await StoreAsync(connection, tenantId, window, analyticsWindow, events, hash, features, cancellationToken);
        LogBuilt(logger, tenantId, window.Name, analyticsWindow.To, events, hash, stored.Outcome);
        return stored;
    }

    private static async Task<BuiltFeatureSet> StoreAsync(
        NpgsqlConnection connection, Guid tenantId, DatasetWindow window, AnalyticsWindow analyticsWindow, long events, string hash,
        IReadOnlyDictionary<string, double> features, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Guid id;
        FeatureSetOutcome outcome;
        await using (var upsert = new NpgsqlCommand(UpsertSql, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
            upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = window.Name });
            upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = analyticsWindow.From });
            upsert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = analyticsWindow.To });
            upsert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = checked((int)events) });
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
            await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                id = reader.GetGuid(0);
                outcome = reader.GetBoolean(1) ? FeatureSetOutcome.Created : FeatureSetOutcome.Rebuilt;
            }
            else
            {
                id = Guid.Empty;
                outcome = FeatureSetOutcome.Unchanged;
            }
        }

        if (outcome == FeatureSetOutcome.Unchanged)
        {
            await using var existing = new NpgsqlCommand(
                "SELECT id FROM analytics.feature_sets WHERE tenant_id = $1 AND window_name = $2 AND window_end = $3", connection, transaction);
            existing.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            existing.Parameters.Add(new NpgsqlParameter<string> { TypedValue = window.Name });
            existing.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = analyticsWindow.To });
            id = (Guid)(await existing.ExecuteScalarAsync(cancellationToken))!;
        }
        else
        {
            await using var replace = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("DELETE FROM analytics.features WHERE feature_set_id = $1")
                    {
                        Parameters = { new NpgsqlParameter<Guid> { TypedValue = id } },
                    },
                    new NpgsqlBatchCommand("INSERT INTO analytics.features (feature_set_id, name, value) SELECT $1, * FROM unnest($2, $3)")
                    {
                        Parameters =
                        {
                            new NpgsqlParameter<Guid> { TypedValue = id },
                            new NpgsqlParameter<string[]> { TypedValue = [.. features.Keys] },
                            new NpgsqlParameter<double[]> { TypedValue = [.. features.Values] },
                        },
                    },
                },
            };
            await replace.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new BuiltFeatureSet(id, tenantId, window.Name, analyticsWindow.To, events, features.Count, hash, outcome);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Feature set {Window} ending {WindowEnd:O} for tenant {TenantId}: {Events} events, hash {DatasetHash} ({Outcome})")]
    private static partial void LogBuilt(ILogger logger, Guid tenantId, string window, DateTimeOffset windowEnd, long events, string datasetHash, FeatureSetOutcome outcome);
}

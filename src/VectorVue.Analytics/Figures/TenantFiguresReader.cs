using Npgsql;

namespace VectorVue.Analytics.Figures;

/// <summary>Computes a tenant's figures in PostgreSQL: one round trip for all of them, one for a weekly trend.</summary>
public sealed class TenantFiguresReader(NpgsqlDataSource dataSource)
{
    public async Task<TenantFigures> ReadAsync(EventTable table, Guid tenantId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, table, tenantId, window, cancellationToken);
    }

    /// <summary>On a connection of the caller's (inside its transaction, when it has one: one snapshot for several reads).</summary>
    public static async Task<TenantFigures> ReadAsync(
        NpgsqlConnection connection, EventTable table, Guid tenantId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        var sql = FigureSql.For(table);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in (string[])[sql.Findings, sql.Remediations, sql.Activity])
        {
            batch.BatchCommands.Add(WithWindow(new NpgsqlBatchCommand(statement), tenantId, window));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var findings = new Dictionary<string, FindingFigures>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var scope = reader.GetString(0);
            findings[scope] = new FindingFigures(scope, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), ReadStats(reader, 3));
        }

        await reader.NextResultAsync(cancellationToken);
        var remediations = new Dictionary<string, RemediationFigures>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0))
            {
                continue; // remediations opened without a severity: only in "any"
            }

            var scope = reader.GetString(0);
            var oldestOpen = reader.IsDBNull(2) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(2);
            var stats = ReadStats(reader, 3);
            remediations[scope] = new RemediationFigures(scope, reader.GetInt64(1), stats.Count, oldestOpen, stats);
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var activity = new ActivityFigures(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));

        return new TenantFigures(tenantId, window, findings, remediations, activity);
    }

    /// <summary>
    /// Every ISO week touching the window, oldest first, weeks without activity included: findings of
    /// <paramref name="findingScope"/> by the week of their first view, remediations by the week of their first opening.
    /// </summary>
    public async Task<IReadOnlyList<WeekFigures>> ReadWeeklyAsync(
        EventTable table, Guid tenantId, AnalyticsWindow window, string findingScope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(FigureSql.For(table).WeeklyTrend);
        WithWindow(command, tenantId, window).Parameters.Add(new NpgsqlParameter<string> { TypedValue = findingScope });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var weeks = new Dictionary<DateTimeOffset, WeekFigures>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var week = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
            weeks[week] = new WeekFigures(
                week,
                reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                reader.IsDBNull(1) ? DurationStats.Empty : ReadStats(reader, 2),
                reader.IsDBNull(6) ? 0 : reader.GetInt64(6),
                reader.IsDBNull(6) ? DurationStats.Empty : ReadStats(reader, 7));
        }

        return [.. IsoWeeks.Spanning(window).Select(start => weeks.GetValueOrDefault(start) ?? WeekFigures.Empty(start))];
    }

    private static T WithWindow<T>(T command, Guid tenantId, AnalyticsWindow window) where T : class
    {
        var parameters = command switch
        {
            NpgsqlCommand c => c.Parameters,
            NpgsqlBatchCommand c => c.Parameters,
            _ => throw new ArgumentException("Not an Npgsql command.", nameof(command)),
        };
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window.From.ToUniversalTime() });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window.To.ToUniversalTime() });
        return command;
    }

    /// <summary>Reads count, mean, median, p90 starting at <paramref name="ordinal"/>.</summary>
    private static DurationStats ReadStats(NpgsqlDataReader reader, int ordinal)
    {
        var count = reader.GetInt64(ordinal);
        return count == 0
            ? DurationStats.Empty
            : new DurationStats(count, reader.GetDecimal(ordinal + 1), reader.GetDecimal(ordinal + 2), reader.GetDecimal(ordinal + 3));
    }
}

using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace VectorVue.Analytics.Figures;

/// <summary>
/// Computes a tenant's figures in PostgreSQL: one round trip for all of them, in one REPEATABLE READ snapshot (so
/// they agree with each other), one for a weekly trend. The API's figures come from the incremental tables
/// (<see cref="IncrementalFigureSql"/>); a model dataset's from the events of its window alone
/// (<see cref="ReadFromWindowEventsAsync"/>, <see cref="WindowEventFigureSql"/>). Each read runs with
/// <see cref="WorkMem"/> for its sorts and hashes, and with sequential scans off: every statement reads one tenant's
/// range of an index that leads with tenant_id, which serves it best, while the planner — underestimating the
/// filters — may pick a scan of the whole table once a tenant holds a large share of it (measured: 1.5–2× slower
/// with 4 tenants in 1M events).
/// </summary>
public sealed class TenantFiguresReader(NpgsqlDataSource dataSource)
{
    /// <summary>PostgreSQL's <c>work_mem</c> for a figure query (per sort or hash node, for that query only).</summary>
    public const string WorkMem = "64MB";

    /// <summary>The API's figures: findings and remediations of the window of their first view or opening, counts of its events.</summary>
    public async Task<TenantFigures> ReadAsync(Guid tenantId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = NewBatch(connection, parallel: false);
        batch.BatchCommands.Add(WithWindow(new NpgsqlBatchCommand(IncrementalFigureSql.Findings), tenantId, window));
        batch.BatchCommands.Add(WithWindow(new NpgsqlBatchCommand(IncrementalFigureSql.Remediations), tenantId, window));
        batch.BatchCommands.Add(WithDays(WithWindow(new NpgsqlBatchCommand(IncrementalFigureSql.Counts), tenantId, window), window));

        TenantFigures figures;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            var viewed = new Dictionary<string, (long Viewed, DurationStats Minutes)>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                viewed[reader.GetString(0)] = (reader.GetInt64(1), ReadStats(reader, 2));
            }

            await reader.NextResultAsync(cancellationToken);
            var remediations = await ReadRemediationsAsync(reader, cancellationToken);

            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var activity = ReadActivity(reader);
            var findings = new Dictionary<string, FindingFigures>(StringComparer.Ordinal);
            for (var i = 0; i < SeverityScope.All.Count; i++)
            {
                var scope = SeverityScope.All[i];
                var views = reader.GetInt64(6 + i);
                var (count, minutes) = viewed.GetValueOrDefault(scope, (0, DurationStats.Empty));
                if (count > 0 || views > 0)
                {
                    findings[scope] = new FindingFigures(scope, count, views, minutes.Count, minutes);
                }
            }

            figures = new TenantFigures(tenantId, window, findings, remediations, activity);
        }

        await transaction.CommitAsync(cancellationToken);
        return figures;
    }

    /// <summary>
    /// A model dataset's figures, from <c>analytics.events</c> inside the window only (a dataset is a function of the
    /// events it hashes), on a connection of the caller's, inside the transaction the caller has begun (one snapshot
    /// for the figures and the events).
    /// </summary>
    public static async Task<TenantFigures> ReadFromWindowEventsAsync(
        NpgsqlConnection connection, Guid tenantId, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        await using var batch = NewBatch(connection, parallel: true);
        foreach (var statement in (string[])[WindowEventFigureSql.Findings, WindowEventFigureSql.Remediations, WindowEventFigureSql.Activity])
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
        var remediations = await ReadRemediationsAsync(reader, cancellationToken);

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new TenantFigures(tenantId, window, findings, remediations, ReadActivity(reader));
    }

    /// <summary>
    /// Every ISO week touching the window, oldest first, weeks without activity included: findings of
    /// <paramref name="findingScope"/> by the week of their first view, remediations by the week of their first opening.
    /// </summary>
    public async Task<IReadOnlyList<WeekFigures>> ReadWeeklyAsync(
        Guid tenantId, AnalyticsWindow window, string findingScope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = NewBatch(connection, parallel: false);
        batch.BatchCommands.Add(WithWindow(new NpgsqlBatchCommand(IncrementalFigureSql.WeeklyTrend(findingScope)), tenantId, window));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

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

        await reader.CloseAsync();
        await transaction.CommitAsync(cancellationToken);
        return [.. IsoWeeks.Spanning(window).Select(start => weeks.GetValueOrDefault(start) ?? WeekFigures.Empty(start))];
    }

    /// <summary>
    /// A batch that starts with the figure queries' settings (for the transaction it runs in). The incremental reads
    /// run without parallel workers: each reads a few index ranges of tens of thousands of rows, where the planner
    /// chose a parallel append of the per-scope aggregates on the demo history — workers that take cores the API and
    /// the worker share (two here), for statements this small.
    /// </summary>
    private static NpgsqlBatch NewBatch(NpgsqlConnection connection, bool parallel)
    {
        var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SET LOCAL work_mem = '{WorkMem}'"),
                new NpgsqlBatchCommand("SET LOCAL enable_seqscan = off"),
            },
        };
        if (!parallel)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL max_parallel_workers_per_gather = 0"));
        }

        return batch;
    }

    /// <summary>$1 tenant, $2 from, $3 to.</summary>
    internal static T WithWindow<T>(T command, Guid tenantId, AnalyticsWindow window) where T : class
    {
        var parameters = ParametersOf(command);
        parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window.From.ToUniversalTime() });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = window.To.ToUniversalTime() });
        return command;
    }

    /// <summary>After <see cref="WithWindow"/>: $4, $5 the whole days as instants, $6, $7 as dates (<see cref="WindowDays"/>).</summary>
    internal static T WithDays<T>(T command, AnalyticsWindow window) where T : class
    {
        var days = WindowDays.Of(window);
        var parameters = ParametersOf(command);
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = days.WholeDaysFrom });
        parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = days.WholeDaysTo });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = days.FirstDay, NpgsqlDbType = NpgsqlDbType.Date });
        parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = days.EndDay, NpgsqlDbType = NpgsqlDbType.Date });
        return command;
    }

    private static NpgsqlParameterCollection ParametersOf(object command) => command switch
    {
        NpgsqlCommand c => c.Parameters,
        NpgsqlBatchCommand c => c.Parameters,
        _ => throw new ArgumentException("Not an Npgsql command.", nameof(command)),
    };

    /// <summary>scope (null: opened without a severity, only in "any"), opened, oldest open, then stats of hours.</summary>
    private static async Task<Dictionary<string, RemediationFigures>> ReadRemediationsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var remediations = new Dictionary<string, RemediationFigures>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0))
            {
                continue;
            }

            var scope = reader.GetString(0);
            var oldestOpen = reader.IsDBNull(2) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(2);
            var stats = ReadStats(reader, 3);
            remediations[scope] = new RemediationFigures(scope, reader.GetInt64(1), stats.Count, oldestOpen, stats);
        }

        return remediations;
    }

    private static ActivityFigures ReadActivity(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));

    /// <summary>Reads count, mean, median, p90 starting at <paramref name="ordinal"/>.</summary>
    private static DurationStats ReadStats(NpgsqlDataReader reader, int ordinal)
    {
        var count = reader.GetInt64(ordinal);
        return count == 0
            ? DurationStats.Empty
            : new DurationStats(count, reader.GetDecimal(ordinal + 1), reader.GetDecimal(ordinal + 2), reader.GetDecimal(ordinal + 3));
    }
}

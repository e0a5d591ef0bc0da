using System.Globalization;
using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The <c>Storage_PartitionedIncremental</c> migration converts a database of the old schema (two copies of every
/// event, unpartitioned) without losing or doubling a row: on a database of its own in the shared PostgreSQL, the
/// migrator applies the migrations up to the one before, the test fills the old tables, and the migrator applies the
/// rest. What must come out is computed here from the seeded rows, not read back from SQL of the migration's.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed partial class StorageConversionTests(VectorVueAppFixture fixture)
{
    private const string MigrationBefore = "Analytics_EventsBackfill";

    [Fact]
    public async Task An_existing_database_is_converted_without_losing_or_doubling_a_row()
    {
        var database = $"vectorvue_conv_{Guid.NewGuid():N}"[..30];
        await using (var admin = await fixture.OpenDatabaseAsync())
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        }

        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(await fixture.GetDatabaseConnectionStringAsync()) { Database = database }.ConnectionString;
            var before = await fixture.RunMigrationServiceAsync([$"--VectorVue:Migration:Target={MigrationBefore}"], connectionString);
            Assert.True(before.ExitCode == 0, before.Output);

            var events = OldEvents();
            await using (var connection = await OpenAsync(connectionString))
            {
                await SeedOldSchemaAsync(connection, events);
            }

            var converted = await fixture.RunMigrationServiceAsync([], connectionString);
            Assert.True(converted.ExitCode == 0, converted.Output);
            Assert.Contains("Storage_PartitionedIncremental", converted.Output);

            await using var db = await OpenAsync(connectionString);
            await AssertEveryEventOnceInItsMonthsPartitionAsync(db, events);
            await AssertSameLinesAsync(db, ExpectedReceipts(events),
                """SELECT tenant_id || ' ' || event_id || ' ' || to_char("timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') FROM event_receipts""");
            await AssertSameLinesAsync(db, ExpectedFindingLifecycles(events),
                $"""
                SELECT tenant_id || ' ' || finding_id || ' ' || {Instant("first_viewed_at")} || ' ' || {Instant("first_viewed_critical")} || ' ' ||
                       {Instant("first_viewed_high")} || ' ' || {Instant("first_viewed_medium")} || ' ' || {Instant("first_viewed_low")} || ' ' ||
                       {Instant("first_acknowledged_at")}
                FROM analytics.finding_lifecycles
                """);
            await AssertSameLinesAsync(db, ExpectedRemediationLifecycles(events),
                $"""
                SELECT tenant_id || ' ' || remediation_id || ' ' || {Instant("first_opened_at")} || ' ' || coalesce(opened_severity, '-') || ' ' ||
                       {Instant("first_completed_at")}
                FROM analytics.remediation_lifecycles
                """);
            await AssertSameLinesAsync(db, ExpectedDailyEventCounts(events),
                """
                SELECT tenant_id || ' ' || day || ' ' || event_type || ' [' || severity || '] ' || stripe || ' ' || events || ' ' || events_with_object
                FROM analytics.daily_event_counts
                """);
            await AssertSameLinesAsync(db, ExpectedDailyActiveUsers(events),
                "SELECT tenant_id || ' ' || day || ' ' || user_id FROM analytics.daily_active_users");
            await AssertSameLinesAsync(db, ExpectedDailyReportDownloads(events),
                "SELECT tenant_id || ' ' || day || ' ' || report_id FROM analytics.daily_report_downloads");

            // analytics.events is now the view of the one copy, and the old tables are gone.
            Assert.Equal("v", await ScalarAsync<string>(db, "SELECT relkind::text FROM pg_class WHERE oid = 'analytics.events'::regclass"));
            Assert.Equal(events.Count, await ScalarAsync<long>(db, "SELECT count(DISTINCT id) FROM analytics.events"));
            Assert.Equal(
                await ScalarAsync<long>(db, "SELECT count(*) FROM client_activity_events"),
                await ScalarAsync<long>(db, "SELECT count(*) FROM analytics.events"));
            Assert.Equal(0L, await ScalarAsync<long>(db,
                "SELECT count(*) FROM pg_class WHERE relname IN ('client_activity_events_unpartitioned', 'events_unconverted')"));
            Assert.False(await ScalarAsync<bool>(db, "SELECT to_regprocedure('analytics.refuse_event_change()') IS NOT NULL"));

            // This month and three ahead have their partitions too, before any worker runs.
            var month = new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var ahead in Enumerable.Range(0, 4))
            {
                var name = PartitionOf(month.AddMonths(ahead));
                Assert.True(await ScalarAsync<bool>(db, $"SELECT to_regclass('public.{name}') IS NOT NULL"), $"{name} is missing");
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = await fixture.OpenDatabaseAsync();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>
    /// Every event of either old table is in the new one exactly once, with its columns (an analytics-only row's
    /// <c>ingested_at</c> as <c>received_at</c>; a row of both tables keeps the event table's), in the partition of
    /// its month, never in the default partition.
    /// </summary>
    private static async Task AssertEveryEventOnceInItsMonthsPartitionAsync(NpgsqlConnection db, IReadOnlyList<OldEvent> events)
    {
        var expected = events
            .Select(e => string.Join(' ',
                e.Id, e.TenantId, e.UserId?.ToString() ?? "-", e.EventType, e.ObjectType, e.ObjectId ?? "-", e.Severity ?? "-",
                Iso(e.Timestamp), e.MetadataJson is null ? "-" : "json", Iso(e.ReceivedAt), PartitionOf(e.Timestamp)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var stored = await ListAsync(db,
            $"""
            SELECT id || ' ' || tenant_id || ' ' || coalesce(user_id::text, '-') || ' ' || event_type || ' ' || object_type || ' ' ||
                   coalesce(object_id, '-') || ' ' || coalesce(severity, '-') || ' ' || {Instant("\"timestamp\"")} || ' ' ||
                   CASE WHEN metadata_json IS NULL THEN '-' ELSE 'json' END || ' ' || {Instant("received_at")} || ' ' ||
                   tableoid::regclass::text
            FROM client_activity_events
            """);

        var missing = expected.Except(stored, StringComparer.Ordinal).ToList();
        var unexpected = stored.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(stored.Count == expected.Count && missing.Count == 0 && unexpected.Count == 0,
            $"{expected.Count} old events, {stored.Count} stored; missing or different:\n{string.Join('\n', missing)}\nunexpected:\n{string.Join('\n', unexpected)}");

        var metadata = await ListAsync(db, "SELECT id || ' ' || metadata_json::text FROM client_activity_events WHERE metadata_json IS NOT NULL");
        Assert.Equal(
            events.Where(e => e.MetadataJson is not null).Select(e => $"{e.Id} {e.MetadataJson}").Order(StringComparer.Ordinal),
            metadata);
    }

    private static IEnumerable<string> ExpectedReceipts(IEnumerable<OldEvent> events) =>
        events.Select(e => $"{e.TenantId} {e.Id} {Iso(e.Timestamp)}");

    /// <summary>Per finding: the earliest view (any severity, then each), the earliest acknowledgement.</summary>
    private static IEnumerable<string> ExpectedFindingLifecycles(IEnumerable<OldEvent> events) =>
        events
            .Where(e => e.EventType is "FINDING_VIEWED" or "FINDING_ACKNOWLEDGED" && e.ObjectId is not null)
            .GroupBy(e => (e.TenantId, e.ObjectId))
            .Select(finding =>
            {
                string First(Func<OldEvent, bool> which) =>
                    finding.Where(which).Select(e => (DateTime?)e.Timestamp).Min() is { } first ? Iso(first) : "-";
                bool ViewedAs(OldEvent e, string? severity) => e.EventType == "FINDING_VIEWED" && (severity is null || e.Severity == severity);
                return string.Join(' ',
                    finding.Key.TenantId, finding.Key.ObjectId,
                    First(e => ViewedAs(e, null)),
                    First(e => ViewedAs(e, "critical")), First(e => ViewedAs(e, "high")),
                    First(e => ViewedAs(e, "medium")), First(e => ViewedAs(e, "low")),
                    First(e => e.EventType == "FINDING_ACKNOWLEDGED"));
            });

    /// <summary>Per remediation: the earliest opening and its severity (ties: the smallest severity, none last), the earliest completion.</summary>
    private static IEnumerable<string> ExpectedRemediationLifecycles(IEnumerable<OldEvent> events) =>
        events
            .Where(e => e.EventType is "REMEDIATION_OPENED" or "REMEDIATION_COMPLETED" && e.ObjectId is not null)
            .GroupBy(e => (e.TenantId, e.ObjectId))
            .Select(remediation =>
            {
                var firstOpening = remediation.Where(e => e.EventType == "REMEDIATION_OPENED")
                    .OrderBy(e => e.Timestamp).ThenBy(e => e.Severity is null).ThenBy(e => e.Severity, StringComparer.Ordinal)
                    .FirstOrDefault();
                var firstCompletion = remediation.Where(e => e.EventType == "REMEDIATION_COMPLETED").Select(e => (DateTime?)e.Timestamp).Min();
                return string.Join(' ',
                    remediation.Key.TenantId, remediation.Key.ObjectId,
                    firstOpening is null ? "-" : Iso(firstOpening.Timestamp), firstOpening?.Severity ?? "-",
                    firstCompletion is { } done ? Iso(done) : "-");
            });

    /// <summary>Per tenant, UTC day, event type and severity ('' for none), on stripe 0: events, and those naming an object.</summary>
    private static IEnumerable<string> ExpectedDailyEventCounts(IEnumerable<OldEvent> events) =>
        events
            .GroupBy(e => (e.TenantId, Day: Day(e.Timestamp), e.EventType, Severity: e.Severity ?? string.Empty))
            .Select(g => $"{g.Key.TenantId} {g.Key.Day} {g.Key.EventType} [{g.Key.Severity}] 0 {g.Count()} {g.Count(e => e.ObjectId is not null)}");

    private static IEnumerable<string> ExpectedDailyActiveUsers(IEnumerable<OldEvent> events) =>
        events.Where(e => e.UserId is not null).Select(e => $"{e.TenantId} {Day(e.Timestamp)} {e.UserId}").Distinct();

    private static IEnumerable<string> ExpectedDailyReportDownloads(IEnumerable<OldEvent> events) =>
        events.Where(e => e is { EventType: "REPORT_DOWNLOADED", ObjectId: not null })
            .Select(e => $"{e.TenantId} {Day(e.Timestamp)} {e.ObjectId}").Distinct();

    private static string PartitionOf(DateTime timestamp) =>
        "client_activity_events_p" + timestamp.ToString("yyyyMM", CultureInfo.InvariantCulture);

    private static string Iso(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Day(DateTime instant) => instant.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant column as <see cref="Iso"/> writes it, '-' for none.</summary>
    private static string Instant(string column) =>
        $"coalesce(to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS'), '-')";

    private static async Task AssertSameLinesAsync(NpgsqlConnection db, IEnumerable<string> expected, string sql)
    {
        var want = expected.Order(StringComparer.Ordinal).ToList();
        var have = await ListAsync(db, sql);
        Assert.True(want.SequenceEqual(have, StringComparer.Ordinal),
            $"{sql}\nexpected:\n{string.Join('\n', want)}\nstored:\n{string.Join('\n', have)}");
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(TestTimeouts.Request);
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The first column of every row, sorted byte-wise here (the database's collation may sort otherwise).</summary>
    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        values.Sort(StringComparer.Ordinal);
        return values;
    }
}

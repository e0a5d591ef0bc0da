using System.Globalization;
using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The migration service: every migration (the activity tables, the analytics schema, delivery, partitioned storage)
/// applied at startup, idempotent, and loud when it fails; the event table partitioned by month and append-only.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class SchemaTests(VectorVueAppFixture fixture)
{
    private static readonly TimeSpan MigratorTimeout = TestTimeouts.Process;

    [Fact]
    public async Task Both_phases_are_applied()
    {
        await using var connection = await fixture.OpenDatabaseAsync();

        var migrations = await ListAsync(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1""");
        Assert.Collection(migrations,
            id => Assert.EndsWith("_Phase7E_ClientActivityEvents", id),
            id => Assert.EndsWith("_Phase8_AnalyticsSchema", id),
            id => Assert.EndsWith("_Delivery_DeadLetters", id),
            id => Assert.EndsWith("_Analytics_EventsBackfill", id),
            id => Assert.EndsWith("_Storage_PartitionedIncremental", id));

        // Tables (partitions aside: they come and go with the months) and views.
        const string Relations = """
            SELECT c.relname || CASE c.relkind WHEN 'v' THEN ' (view)' WHEN 'p' THEN ' (partitioned)' ELSE '' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition AND c.relname NOT LIKE '\_\_%'
            ORDER BY 1
            """;
        Assert.Equal(
            ["client_activity_events (partitioned)", "dead_letters", "event_receipts", "tenants", "users"],
            await ListAsync(connection, Relations, "public"));
        Assert.Equal(
            [
                "daily_active_users", "daily_event_counts", "daily_report_downloads", "events (view)", "feature_sets", "features",
                "finding_lifecycles", "model_health", "models", "predictions", "remediation_lifecycles", "tenant_security_summary",
            ],
            await ListAsync(connection, Relations, "analytics"));
    }

    [Fact]
    public async Task The_primary_index_is_tenant_then_newest_timestamp_first()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        var definition = await ListAsync(connection,
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'client_activity_events' AND indexname = 'ix_client_activity_events_tenant_timestamp'");

        Assert.Contains("(tenant_id, \"timestamp\" DESC)", Assert.Single(definition));
    }

    [Fact]
    public async Task The_event_table_has_monthly_partitions_a_default_one_its_one_index_and_no_key()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using (var utc = new NpgsqlCommand("SET TimeZone = 'UTC'", connection))
        {
            await utc.ExecuteNonQueryAsync();
        }

        var month = new DateTime(DateTime.UtcNow.Year, DateTime.UtcNow.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var partitions = await ListAsync(connection,
            """
            SELECT c.relname || ' ' || pg_get_expr(c.relpartbound, c.oid)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.client_activity_events'::regclass ORDER BY 1
            """);

        // The migrator made this month's and the next three months' before the worker started.
        Assert.Contains("client_activity_events_default DEFAULT", partitions);
        foreach (var start in Enumerable.Range(0, 4).Select(month.AddMonths))
        {
            Assert.Contains(
                string.Create(CultureInfo.InvariantCulture,
                    $"client_activity_events_p{start:yyyyMM} FOR VALUES FROM ('{start:yyyy-MM-dd} 00:00:00+00') TO ('{start.AddMonths(1):yyyy-MM-dd} 00:00:00+00')"),
                partitions);
        }

        Assert.Equal(["ix_client_activity_events_tenant_timestamp"], await ListAsync(connection,
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'client_activity_events'"));
        Assert.Equal(["c ck_client_activity_events_event_type", "c ck_client_activity_events_metadata_object",
                "c ck_client_activity_events_object_type", "c ck_client_activity_events_severity"],
            await ListAsync(connection,
                "SELECT contype::text || ' ' || conname FROM pg_constraint WHERE conrelid = 'public.client_activity_events'::regclass ORDER BY 1"));
        Assert.Equal(["PK_event_receipts PRIMARY KEY (tenant_id, event_id)"], await ListAsync(connection,
            "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.event_receipts'::regclass"));
    }

    [Fact]
    public async Task The_event_table_refuses_update_delete_and_truncate_in_every_partition_and_a_tenant_with_events_stays()
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync();
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // One row in this month's partition, one in the default partition (a month without one); rolled back, so
        // that no old month is left for the migrator to partition.
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO client_activity_events (id, tenant_id, event_type, object_type, "timestamp", received_at)
            VALUES (gen_random_uuid(), $1, 'DASHBOARD_VIEWED', 'dashboard', now(), now()),
                   (gen_random_uuid(), $1, 'DASHBOARD_VIEWED', 'dashboard', '1999-01-01T00:00:00Z', now())
            RETURNING tableoid::regclass::text
            """, connection, transaction) { Parameters = { new() { Value = tenantId } } })
        await using (var reader = await insert.ExecuteReaderAsync())
        {
            var partitions = new List<string>();
            while (await reader.ReadAsync())
            {
                partitions.Add(reader.GetString(0));
            }

            Assert.Equal([string.Create(CultureInfo.InvariantCulture, $"client_activity_events_p{DateTime.UtcNow:yyyyMM}"), "client_activity_events_default"], partitions);
        }

        foreach (var sql in (string[])
            [
                "UPDATE client_activity_events SET object_id = 'x' WHERE tenant_id = $1",
                "DELETE FROM client_activity_events WHERE tenant_id = $1",
                "DELETE FROM client_activity_events_default WHERE tenant_id = $1",
                "TRUNCATE client_activity_events",
            ])
        {
            await using var savepoint = new NpgsqlCommand("SAVEPOINT probe", connection, transaction);
            await savepoint.ExecuteNonQueryAsync();
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            if (sql.Contains("$1", StringComparison.Ordinal))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
            }

            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
            Assert.Contains("client_activity_events is append-only", error.MessageText);
            await using var rollback = new NpgsqlCommand("ROLLBACK TO SAVEPOINT probe", connection, transaction);
            await rollback.ExecuteNonQueryAsync();
        }

        await using var deleteTenant = new NpgsqlCommand("DELETE FROM tenants WHERE id = $1", connection, transaction)
        {
            Parameters = { new() { Value = tenantId } },
        };
        var kept = await Assert.ThrowsAsync<PostgresException>(() => deleteTenant.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, kept.SqlState);
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task Analytics_events_refuse_update_and_delete()
    {
        // analytics.events is a view of client_activity_events: its rows are the table's, as append-only as they are.
        await using var connection = await fixture.OpenDatabaseAsync();
        var id = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO client_activity_events (id, tenant_id, event_type, object_type, \"timestamp\", received_at) VALUES ($1, $2, 'DASHBOARD_VIEWED', 'dashboard', now(), now())",
            connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var sql in (string[])["UPDATE analytics.events SET object_id = 'x' WHERE id = $1", "DELETE FROM analytics.events WHERE id = $1"])
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.MessageText);
        }
    }

    [Fact]
    public async Task Running_the_migrator_again_changes_nothing()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        var before = await SchemaFingerprintAsync(connection);

        var (exitCode, output) = await RunMigratorAsync(await fixture.GetDatabaseConnectionStringAsync());

        Assert.True(exitCode == 0, output);
        Assert.Contains("already applied", output);
        Assert.Equal(before, await SchemaFingerprintAsync(connection));
    }

    [Fact]
    public async Task A_failing_migration_exits_non_zero_and_says_what_failed()
    {
        var wrongPassword = new NpgsqlConnectionStringBuilder(await fixture.GetDatabaseConnectionStringAsync())
        {
            Password = "not-the-password",
        }.ConnectionString;

        var (exitCode, output) = await RunMigratorAsync(wrongPassword);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Database migration failed", output);
        Assert.Contains("password authentication failed", output);
    }

    [Fact]
    public async Task The_migrator_bundled_in_a_service_image_migrates_a_new_database_once_when_started_several_times_at_once()
    {
        // In Azure every new API and worker replica runs the bundled migrator as its init container, so several
        // start together on the first deployment (docs/deploy.md, "The migrator").
        var published = Path.Combine(Path.GetTempPath(), $"vectorvue-publish-{Guid.NewGuid():N}");
        var database = $"vectorvue_init_{Guid.NewGuid():N}"[..30];
        var builder = new NpgsqlConnectionStringBuilder(await fixture.GetDatabaseConnectionStringAsync());
        await using (var admin = await fixture.OpenDatabaseAsync())
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            await Deployment.BundledMigrator.PublishAsync(Deployment.ContainerImageTests.ProjectOf("telemetry-api"), published);
            var connectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = database }.ConnectionString;

            var runs = await Task.WhenAll(Enumerable.Range(0, 3)
                .Select(_ => Deployment.BundledMigrator.RunAsync(published, connectionString, MigratorTimeout)));

            Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var applied = await ListAsync(connection, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1""");
            await using var reference = await fixture.OpenDatabaseAsync();
            Assert.Equal(await ListAsync(reference, """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1"""), applied);
            Assert.Equal(
                await SchemaFingerprintAsync(reference),
                await SchemaFingerprintAsync(connection));
            // Production shape: no demo tenant.
            Assert.Empty(await ListAsync(connection, "SELECT id::text FROM tenants"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using (var admin = await fixture.OpenDatabaseAsync())
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            if (Directory.Exists(published))
            {
                Directory.Delete(published, recursive: true);
            }
        }
    }

    private Task<(int ExitCode, string Output)> RunMigratorAsync(string connectionString) =>
        fixture.RunMigrationServiceAsync([], connectionString, MigratorTimeout);

    private static async Task<string> SchemaFingerprintAsync(NpgsqlConnection connection)
    {
        var rows = await ListAsync(connection,
            """
            WITH partitions AS (SELECT relname FROM pg_class WHERE relispartition)
            SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type
            FROM information_schema.columns
            WHERE table_schema IN ('public', 'analytics') AND table_name NOT IN (SELECT relname FROM partitions)
            UNION ALL SELECT "MigrationId" FROM "__EFMigrationsHistory"
            UNION ALL SELECT indexdef FROM pg_indexes
            WHERE schemaname IN ('public', 'analytics') AND tablename NOT IN (SELECT relname FROM partitions)
            ORDER BY 1
            """);
        return string.Join('\n', rows);
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

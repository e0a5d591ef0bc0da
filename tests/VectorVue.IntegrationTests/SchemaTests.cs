using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>The migration service: every migration (the activity tables, the analytics schema, delivery) applied at startup, idempotent, and loud when it fails.</summary>
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
            id => Assert.EndsWith("_Analytics_EventsBackfill", id));

        var publicTables = await ListAsync(connection,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_%' ORDER BY 1");
        Assert.Equal(["client_activity_events", "dead_letters", "tenants", "users"], publicTables);

        var analyticsTables = await ListAsync(connection,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'analytics' ORDER BY 1");
        Assert.Equal(["events", "feature_sets", "features", "model_health", "models", "predictions", "tenant_security_summary"], analyticsTables);
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
    public async Task Analytics_events_refuse_update_and_delete()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        var id = Guid.NewGuid();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO analytics.events (id, tenant_id, event_type, object_type, \"timestamp\") VALUES ($1, $2, 'DASHBOARD_VIEWED', 'dashboard', now())",
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
            SELECT table_schema || '.' || table_name || '.' || column_name || ':' || data_type
            FROM information_schema.columns WHERE table_schema IN ('public', 'analytics')
            UNION ALL SELECT "MigrationId" FROM "__EFMigrationsHistory"
            UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname IN ('public', 'analytics')
            ORDER BY 1
            """);
        return string.Join('\n', rows);
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

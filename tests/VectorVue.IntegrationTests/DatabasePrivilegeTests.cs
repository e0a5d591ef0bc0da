using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Least privilege in PostgreSQL: the API and the worker connect as roles of their own, never as the schema's owner,
/// and each role can do exactly what its service's statements need (docs/architecture.md, "Least privilege").
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class DatabasePrivilegeTests(VectorVueAppFixture fixture)
{
    private const string Api = "vectorvue-api";
    private const string Worker = "vectorvue-worker";

    [Fact]
    public async Task The_services_hold_their_database_sessions_as_their_own_roles_never_as_the_owner()
    {
        // An event stored (tenant look-up, worker insert) and an analytics answer (the analytics pool) open sessions of all three pools.
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        using (var accepted = await client.PostAsJsonAsync("/api/v1/client/events", new { event_type = "DASHBOARD_VIEWED", object_type = "dashboard" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var eventId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetGuid();
            await fixture.WaitForDatabaseAsync(c => CountAsync(c, "SELECT count(*) FROM client_activity_events WHERE id = $1", eventId), n => n == 1);
        }

        using (var summary = await client.GetAsync("/api/v1/client/analytics/summary"))
        {
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        }

        await using var owner = await fixture.OpenDatabaseAsync();
        var sessions = await ReadSessionsAsync(owner);

        Assert.Equal(["vectorvue_api"], sessions.Where(s => s.Application is "telemetry-api" or "vectorvue-analytics").Select(s => s.Role).Distinct());
        Assert.Equal(["vectorvue_worker"], sessions.Where(s => s.Application == "worker").Select(s => s.Role).Distinct());
        Assert.Contains(sessions, s => s.Application == "vectorvue-analytics");
        var ownerRole = new NpgsqlConnectionStringBuilder(await fixture.GetDatabaseConnectionStringAsync()).Username;
        foreach (var name in (string[])[Api, Worker])
        {
            var service = await ServiceCredentials.DatabaseAsync(fixture.App, name);
            Assert.NotEqual(ownerRole, service.Username);
            Assert.NotEqual(new NpgsqlConnectionStringBuilder(await fixture.GetDatabaseConnectionStringAsync()).Password, service.Password);
        }
    }

    [Fact]
    public async Task The_api_role_runs_the_tenant_look_up_and_the_analytics_queries()
    {
        var (tenantId, userId, username) = await fixture.CreateTenantAsync();
        await using var api = await ServiceCredentials.OpenDatabaseAsync(fixture.App, Api);

        // The look-up of Tenants/TenantLookup and the columns the analytics SQL reads.
        await using var lookUp = new NpgsqlCommand(
            "SELECT t.is_active, u.id FROM tenants t LEFT JOIN users u ON u.tenant_id = t.id AND u.username = $2 WHERE t.id = $1", api)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = username } },
        };
        await using (var reader = await lookUp.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0));
            Assert.Equal(userId, reader.GetGuid(1));
        }

        Assert.Equal(0, await CountAsync(api,
            """SELECT count(*) + count(DISTINCT user_id) + count(object_id) + count(severity) FROM client_activity_events WHERE tenant_id = $1 AND "timestamp" < now() AND event_type <> ''""",
            tenantId));
        // The incremental figures, whole.
        Assert.Equal(0, await CountAsync(api,
            """
            SELECT (SELECT count(*) FROM analytics.finding_lifecycles WHERE tenant_id = $1)
                 + (SELECT count(*) FROM analytics.remediation_lifecycles WHERE tenant_id = $1)
                 + (SELECT count(*) FROM analytics.daily_event_counts WHERE tenant_id = $1)
                 + (SELECT count(*) FROM analytics.daily_active_users WHERE tenant_id = $1)
                 + (SELECT count(*) FROM analytics.daily_report_downloads WHERE tenant_id = $1)
            """,
            tenantId));
    }

    [Fact]
    public async Task The_worker_role_writes_an_event_its_receipt_and_its_figures_and_runs_the_partition_functions()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        await using var worker = await ServiceCredentials.OpenDatabaseAsync(fixture.App, Worker);
        await using var transaction = await worker.BeginTransactionAsync();

        // The statements of the write (docs/storage.md), in their shape: receipt first, then exactly the new events,
        // then the upserts that read and change the figures. Rolled back: the event table keeps every row it gets.
        await using var write = new NpgsqlBatch(worker, transaction)
        {
            BatchCommands =
            {
                new("""
                    INSERT INTO event_receipts (tenant_id, event_id, "timestamp") VALUES ($1, $2, now())
                    ON CONFLICT DO NOTHING RETURNING event_id
                    """) { Parameters = { new() { Value = tenantId }, new() { Value = Guid.NewGuid() } } },
                new("""
                    INSERT INTO client_activity_events (id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, received_at)
                    VALUES (gen_random_uuid(), $1, $2, 'FINDING_VIEWED', 'finding', 'f-1', 'high', now(), '{}', now())
                    """) { Parameters = { new() { Value = tenantId }, new() { Value = userId } } },
                new("""
                    INSERT INTO analytics.finding_lifecycles AS l (tenant_id, finding_id, first_viewed_at, first_viewed_high) VALUES ($1, 'f-1', now(), now())
                    ON CONFLICT (tenant_id, finding_id) DO UPDATE SET first_viewed_at = LEAST(l.first_viewed_at, excluded.first_viewed_at)
                    WHERE l.first_viewed_at IS DISTINCT FROM LEAST(l.first_viewed_at, excluded.first_viewed_at)
                    """) { Parameters = { new() { Value = tenantId } } },
                new("""
                    INSERT INTO analytics.remediation_lifecycles AS l (tenant_id, remediation_id, first_opened_at) VALUES ($1, 'r-1', now())
                    ON CONFLICT (tenant_id, remediation_id) DO UPDATE SET first_opened_at = LEAST(l.first_opened_at, excluded.first_opened_at)
                    """) { Parameters = { new() { Value = tenantId } } },
                new("""
                    INSERT INTO analytics.daily_event_counts AS d (tenant_id, day, event_type, severity, stripe, events, events_with_object)
                    VALUES ($1, current_date, 'FINDING_VIEWED', 'high', pg_backend_pid() % 64, 1, 1)
                    ON CONFLICT (tenant_id, day, event_type, severity, stripe) DO UPDATE SET events = d.events + excluded.events
                    """) { Parameters = { new() { Value = tenantId } } },
                new("INSERT INTO analytics.daily_active_users (tenant_id, day, user_id) VALUES ($1, current_date, $2) ON CONFLICT DO NOTHING")
                {
                    Parameters = { new() { Value = tenantId }, new() { Value = userId } },
                },
                new("INSERT INTO analytics.daily_report_downloads (tenant_id, day, report_id) VALUES ($1, current_date, 'rep-1') ON CONFLICT DO NOTHING")
                {
                    Parameters = { new() { Value = tenantId } },
                },
            },
        };
        await write.ExecuteNonQueryAsync();

        // The maintenance functions: nothing to create for this month (the migrator made it), nothing older than 1900 to drop.
        await using var ensure = new NpgsqlCommand("SELECT public.ensure_event_partitions(current_date, current_date)", worker, transaction);
        Assert.Equal(0, (int)(await ensure.ExecuteScalarAsync())!);
        await using var drop = new NpgsqlCommand("SELECT public.drop_event_partitions('1900-01-01T00:00:00Z')", worker, transaction);
        Assert.Empty((string[])(await drop.ExecuteScalarAsync())!);
        await transaction.RollbackAsync();
    }

    public static TheoryData<string, string> Forbidden()
    {
        string[] notTheApi =
        [
            "INSERT INTO client_activity_events (id, tenant_id, event_type, object_type, \"timestamp\", received_at) VALUES (gen_random_uuid(), gen_random_uuid(), 'DASHBOARD_VIEWED', 'dashboard', now(), now())",
            "UPDATE client_activity_events SET severity = 'low' WHERE false",
            "DELETE FROM client_activity_events WHERE false",
            "SELECT metadata_json FROM client_activity_events LIMIT 1",
            "SELECT received_at FROM client_activity_events LIMIT 1",
            "SELECT name FROM tenants LIMIT 1",
            "INSERT INTO tenants (id, name) VALUES (gen_random_uuid(), 'intruder')",
            "UPDATE tenants SET is_active = true WHERE false",
            "DELETE FROM users WHERE false",
            "SELECT payload FROM dead_letters LIMIT 1",
            "SELECT count(*) FROM analytics.events",
            "SELECT count(*) FROM event_receipts",
            "INSERT INTO analytics.finding_lifecycles (tenant_id, finding_id) VALUES (gen_random_uuid(), 'f')",
            "UPDATE analytics.daily_event_counts SET events = 0 WHERE false",
            "DELETE FROM analytics.remediation_lifecycles WHERE false",
            "SELECT public.ensure_event_partitions(current_date, current_date)",
            "SELECT public.drop_event_partitions('1900-01-01T00:00:00Z')",
            "DROP TABLE client_activity_events_default",
            "SELECT count(*) FROM \"__EFMigrationsHistory\"",
            "CREATE TABLE public.intruder (id int)",
            "CREATE TABLE analytics.intruder (id int)",
            "DROP TABLE users",
            "ALTER TABLE tenants ADD COLUMN intruder int",
            "CREATE SCHEMA intruder",
        ];
        string[] notTheWorker =
        [
            "UPDATE client_activity_events SET severity = 'low' WHERE false",
            "DELETE FROM client_activity_events WHERE false",
            "TRUNCATE client_activity_events",
            "TRUNCATE client_activity_events_default",
            "DELETE FROM client_activity_events_default WHERE false",
            "SELECT received_at FROM client_activity_events LIMIT 1",
            "SELECT id FROM client_activity_events LIMIT 1",
            "UPDATE analytics.events SET severity = 'low' WHERE false",
            "DELETE FROM analytics.events WHERE false",
            "SELECT metadata_json FROM analytics.events LIMIT 1",
            "ALTER TABLE client_activity_events DISABLE TRIGGER events_append_only",
            "DROP TRIGGER events_no_truncate ON client_activity_events",
            "DROP TABLE client_activity_events_default",
            "ALTER TABLE client_activity_events DETACH PARTITION client_activity_events_default",
            "CREATE TABLE public.client_activity_events_p199901 PARTITION OF client_activity_events FOR VALUES FROM ('1999-01-01') TO ('1999-02-01')",
            "UPDATE event_receipts SET \"timestamp\" = now() WHERE false",
            "DELETE FROM event_receipts WHERE false",
            "DELETE FROM analytics.finding_lifecycles WHERE false",
            "TRUNCATE analytics.daily_event_counts",
            "SELECT is_active FROM tenants LIMIT 1",
            "INSERT INTO users (id, tenant_id, username) VALUES (gen_random_uuid(), gen_random_uuid(), 'intruder')",
            "UPDATE dead_letters SET payload = '{}' WHERE false",
            "DELETE FROM dead_letters WHERE false",
            "SELECT reason FROM dead_letters LIMIT 1",
            "SELECT count(*) FROM analytics.feature_sets",
            "CREATE TABLE public.intruder (id int)",
            "CREATE TABLE analytics.intruder (id int)",
            "DROP TABLE dead_letters",
            "CREATE SCHEMA intruder",
        ];

        var cases = new TheoryData<string, string>();
        foreach (var sql in notTheApi)
        {
            cases.Add(Api, sql);
        }

        foreach (var sql in notTheWorker)
        {
            cases.Add(Worker, sql);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task A_service_role_may_not(string connectionName, string sql)
    {
        await using var connection = await ServiceCredentials.OpenDatabaseAsync(fixture.App, connectionName);
        await using var command = new NpgsqlCommand(sql, connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.True(error.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {error.SqlState} {error.MessageText}");
    }

    private static async Task<List<(string Application, string Role)>> ReadSessionsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT application_name, usename FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1",
            connection) { Parameters = { new() { Value = ServiceCredentials.TestApplicationName } } };
        await using var reader = await command.ExecuteReaderAsync();
        var sessions = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            sessions.Add((reader.GetString(0), reader.GetString(1)));
        }

        return sessions;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, Guid id)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = id } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

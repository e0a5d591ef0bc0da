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
            "SELECT received_at FROM client_activity_events LIMIT 1",
            "UPDATE analytics.events SET severity = 'low' WHERE false",
            "DELETE FROM analytics.events WHERE false",
            "TRUNCATE analytics.events",
            "SELECT metadata_json FROM analytics.events LIMIT 1",
            "ALTER TABLE analytics.events DISABLE TRIGGER events_append_only",
            "DROP TRIGGER events_no_truncate ON analytics.events",
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

using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The migrator keeps the services' roles exactly as the code says at every run: privileges granted by hand are taken
/// back, a role's password follows its connection string, and a connection string naming the owner is refused.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class ServiceRoleTests(VectorVueAppFixture fixture)
{
    [Fact]
    public async Task Privileges_granted_by_hand_are_taken_back_by_the_next_migrator_run()
    {
        await using var owner = await fixture.OpenDatabaseAsync();
        await ExecuteAsync(owner, "GRANT DELETE ON client_activity_events TO vectorvue_api");
        await ExecuteAsync(owner, "GRANT SELECT ON dead_letters TO vectorvue_api");
        await ExecuteAsync(owner, "GRANT UPDATE ON analytics.events TO vectorvue_worker");
        await ExecuteAsync(owner, "GRANT EXECUTE ON FUNCTION public.drop_event_partitions(timestamptz) TO vectorvue_api");
        await ExecuteAsync(owner, "GRANT EXECUTE ON FUNCTION public.ensure_event_partitions(date, date) TO PUBLIC");

        var (exitCode, output) = await RunMigratorAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__vectorvue-api"] = (await ServiceCredentials.DatabaseAsync(fixture.App, "vectorvue-api")).ConnectionString,
            ["ConnectionStrings__vectorvue-worker"] = (await ServiceCredentials.DatabaseAsync(fixture.App, "vectorvue-worker")).ConnectionString,
        });

        Assert.True(exitCode == 0, output);
        Assert.Contains("Role vectorvue_api (vectorvue-api)", output);
        Assert.Contains("Role vectorvue_worker (vectorvue-worker)", output);
        Assert.False(await HasTablePrivilegeAsync(owner, "vectorvue_api", "client_activity_events", "DELETE"));
        Assert.False(await HasTablePrivilegeAsync(owner, "vectorvue_api", "dead_letters", "SELECT"));
        Assert.False(await HasTablePrivilegeAsync(owner, "vectorvue_worker", "analytics.events", "UPDATE"));
        Assert.False(await HasFunctionPrivilegeAsync(owner, "vectorvue_api", "public.drop_event_partitions(timestamptz)"));
        Assert.False(await HasFunctionPrivilegeAsync(owner, "vectorvue_api", "public.ensure_event_partitions(date, date)"));
        Assert.True(await HasFunctionPrivilegeAsync(owner, "vectorvue_worker", "public.ensure_event_partitions(date, date)"));
        Assert.True(await HasFunctionPrivilegeAsync(owner, "vectorvue_worker", "public.drop_event_partitions(timestamptz)"));
        // Their own privileges are back, and their sessions still log in.
        Assert.True(await HasColumnPrivilegeAsync(owner, "vectorvue_worker", "client_activity_events", "received_at", "INSERT"));
        Assert.True(await HasColumnPrivilegeAsync(owner, "vectorvue_api", "tenants", "is_active", "SELECT"));
        await using var api = await ServiceCredentials.OpenDatabaseAsync(fixture.App, "vectorvue-api");
        await using var worker = await ServiceCredentials.OpenDatabaseAsync(fixture.App, "vectorvue-worker");
    }

    [Fact]
    public async Task A_roles_password_follows_its_connection_string_and_the_owner_is_never_a_services_role()
    {
        var database = new NpgsqlConnectionStringBuilder(await fixture.GetDatabaseConnectionStringAsync());
        var role = "vectorvue_probe_" + Guid.NewGuid().ToString("N")[..8];
        string AsProbe(string password) => new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Username = role, Password = password, Pooling = false,
        }.ConnectionString;

        try
        {
            var first = await RunMigratorAsync(new Dictionary<string, string?> { ["ConnectionStrings__vectorvue-api"] = AsProbe("first-password") });
            Assert.True(first.ExitCode == 0, first.Output);
            await AssertLogsInAsync(AsProbe("first-password"));

            var second = await RunMigratorAsync(new Dictionary<string, string?> { ["ConnectionStrings__vectorvue-api"] = AsProbe("second-password") });
            Assert.True(second.ExitCode == 0, second.Output);
            await AssertLogsInAsync(AsProbe("second-password"));
            var refused = await Assert.ThrowsAsync<PostgresException>(() => AssertLogsInAsync(AsProbe("first-password")));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);

            var asOwner = await RunMigratorAsync(new Dictionary<string, string?> { ["ConnectionStrings__vectorvue-worker"] = database.ConnectionString });
            Assert.NotEqual(0, asOwner.ExitCode);
            Assert.Contains("the schema's owner: a service must connect as a role of its own", asOwner.Output);
        }
        finally
        {
            await using var owner = await fixture.OpenDatabaseAsync();
            await ExecuteAsync(owner, $"DROP OWNED BY {role}; DROP ROLE IF EXISTS {role}");
        }
    }

    private async Task<(int ExitCode, string Output)> RunMigratorAsync(Dictionary<string, string?> roles)
    {
        var project = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<ProjectResource>().Single(r => r.Name == "migrations");
        roles["ConnectionStrings__vectorvue"] = await fixture.GetDatabaseConnectionStringAsync();
        roles["DOTNET_ENVIRONMENT"] = "Production";
        return await ProjectProcess.RunAsync(project.GetProjectMetadata().ProjectPath, [], roles, TestTimeouts.Process);
    }

    private static async Task AssertLogsInAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(TestTimeouts.Request);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> HasTablePrivilegeAsync(NpgsqlConnection connection, string role, string table, string privilege)
    {
        await using var command = new NpgsqlCommand("SELECT has_table_privilege($1, $2, $3)", connection)
        {
            Parameters = { new() { Value = role }, new() { Value = table }, new() { Value = privilege } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> HasFunctionPrivilegeAsync(NpgsqlConnection connection, string role, string function)
    {
        await using var command = new NpgsqlCommand("SELECT has_function_privilege($1, $2, 'EXECUTE')", connection)
        {
            Parameters = { new() { Value = role }, new() { Value = function } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<bool> HasColumnPrivilegeAsync(NpgsqlConnection connection, string role, string table, string column, string privilege)
    {
        await using var command = new NpgsqlCommand("SELECT has_column_privilege($1, $2, $3, $4)", connection)
        {
            Parameters = { new() { Value = role }, new() { Value = table }, new() { Value = column }, new() { Value = privilege } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}

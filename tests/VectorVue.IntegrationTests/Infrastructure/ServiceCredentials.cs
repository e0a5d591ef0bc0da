using Npgsql;
using StackExchange.Redis;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// The connection strings the AppHost gives the services (the resources <c>vectorvue-api</c>, <c>vectorvue-worker</c>,
/// <c>redis-api</c>, <c>redis-worker</c>), for tests that try what a service's own role or user may and may not do.
/// </summary>
internal static class ServiceCredentials
{
    /// <summary>What the tests' own sessions are called, so they are never taken for a service's.</summary>
    public const string TestApplicationName = "vectorvue-tests";

    public static async Task<NpgsqlConnectionStringBuilder> DatabaseAsync(DistributedApplication app, string connectionName)
    {
        var connectionString = await app.GetConnectionStringAsync(connectionName).AsTask().WaitAsync(TestTimeouts.Request);
        return new NpgsqlConnectionStringBuilder(connectionString);
    }

    /// <summary>A session as the service's own role (named as the tests', not as the service).</summary>
    public static async Task<NpgsqlConnection> OpenDatabaseAsync(DistributedApplication app, string connectionName)
    {
        var builder = await DatabaseAsync(app, connectionName);
        builder.ApplicationName = TestApplicationName;
        builder.Pooling = false;
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync().WaitAsync(TestTimeouts.Request);
        return connection;
    }

    /// <summary>A Redis connection as the service's own ACL user (named as the tests', not as the service).</summary>
    public static async Task<ConnectionMultiplexer> ConnectRedisAsync(DistributedApplication app, string connectionName)
    {
        var connectionString = await app.GetConnectionStringAsync(connectionName).AsTask().WaitAsync(TestTimeouts.Request);
        var options = ConfigurationOptions.Parse(connectionString!);
        options.ClientName = TestApplicationName;
        return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TestTimeouts.Request);
    }
}

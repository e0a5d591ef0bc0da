using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>Readiness of the local servers: healthy once they answer a real query with the real credentials.</summary>
internal static class LocalHealthChecks
{
    public static async Task<HealthCheckResult> CheckPostgresAsync(LocalPostgresResource postgres, CancellationToken cancellationToken)
    {
        try
        {
            var connectionString = await postgres.ConnectionStringExpression.GetValueAsync(cancellationToken);
            await using var connection = new NpgsqlConnection(connectionString + ";Timeout=3;Pooling=false");
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer yet.", ex);
        }
    }

    public static async Task<HealthCheckResult> CheckRedisAsync(LocalRedisResource redis, CancellationToken cancellationToken)
    {
        try
        {
            var connectionString = await redis.ConnectionStringExpression.GetValueAsync(cancellationToken);
            var options = ConfigurationOptions.Parse(connectionString!);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 3000;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            // This server itself: a cluster node's connection also finds the other nodes, whose state is not its own.
            await connection.GetServer(options.EndPoints[0]).PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer yet.", ex);
        }
    }

    /// <summary>
    /// The local cluster is healthy when every node answers and each reports <c>cluster_state:ok</c>: with
    /// <c>cluster-require-full-coverage no</c> a node stays ok while another is down, so the node that does not answer
    /// is named.
    /// </summary>
    public static async Task<HealthCheckResult> CheckRedisClusterAsync(LocalRedisClusterResource cluster, CancellationToken cancellationToken)
    {
        try
        {
            var options = ConfigurationOptions.Parse((await cluster.ConnectionStringExpression.GetValueAsync(cancellationToken))!);
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 3000;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            foreach (var node in cluster.Nodes)
            {
                var server = connection.GetServer(node.Address);
                if (!server.IsConnected)
                {
                    return HealthCheckResult.Unhealthy($"Redis Cluster node {node.Name} ({node.Address}) does not answer.");
                }

                var info = (string?)await server.ExecuteAsync("CLUSTER", "INFO");
                if (info?.Contains("cluster_state:ok", StringComparison.Ordinal) != true)
                {
                    return HealthCheckResult.Unhealthy($"Redis Cluster node {node.Name} ({node.Address}) does not report cluster_state:ok.");
                }
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The Redis Cluster does not answer yet.", ex);
        }
    }
}

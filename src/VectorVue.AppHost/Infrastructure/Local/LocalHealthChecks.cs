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
            await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer yet.", ex);
        }
    }
}

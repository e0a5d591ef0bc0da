using StackExchange.Redis;

namespace VectorVue.Worker.Health;

/// <summary>
/// At start-up, refuses a Redis that may evict keys (an evicted stream entry is an event lost after its 202) and
/// warns when append-only persistence is off. Managed Redis that hides CONFIG gets a warning, not a refusal.
/// </summary>
internal sealed partial class RedisDurabilityCheck(IConnectionMultiplexer redis, ILogger<RedisDurabilityCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var server = redis.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica);
        if (server is null)
        {
            LogNotChecked(logger, "no primary is connected yet");
            return;
        }

        // INFO, not CONFIG GET: it needs no admin mode and managed Redis services allow it.
        Dictionary<string, string> settings;
        try
        {
            settings = (await server.InfoAsync("memory")).Concat(await server.InfoAsync("persistence"))
                .SelectMany(section => section)
                .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is RedisServerException or RedisCommandException)
        {
            LogNotChecked(logger, ex.Message);
            return;
        }

        var policy = settings.GetValueOrDefault("maxmemory_policy");
        if (policy is not null && policy != "noeviction")
        {
            throw new InvalidOperationException(
                $"Redis maxmemory-policy is '{policy}': Redis could evict queued events. Set 'maxmemory-policy noeviction'.");
        }

        if (settings.GetValueOrDefault("aof_enabled") == "0")
        {
            LogAppendOnlyOff(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis durability settings not checked: {Reason}")]
    private static partial void LogNotChecked(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis runs without appendonly: a Redis restart loses queued events that were answered 202")]
    private static partial void LogAppendOnlyOff(ILogger logger);
}

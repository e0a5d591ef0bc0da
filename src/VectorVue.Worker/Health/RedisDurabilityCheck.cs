using StackExchange.Redis;

namespace VectorVue.Worker.Health;

/// <summary>
/// At start-up, refuses a Redis that may evict keys (an evicted stream entry is an event lost after its 202) and
/// warns when append-only persistence is off — on every primary it is connected to: a Redis Cluster holds the
/// shards on several nodes, and each must keep what it holds. Managed Redis that hides the settings gets a warning,
/// not a refusal.
/// </summary>
internal sealed partial class RedisDurabilityCheck(IConnectionMultiplexer redis, ILogger<RedisDurabilityCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var primaries = redis.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
        if (primaries.Count == 0)
        {
            LogNotChecked(logger, "all", "no primary is connected yet");
            return;
        }

        foreach (var server in primaries)
        {
            await CheckAsync(server);
        }
    }

    private async Task CheckAsync(IServer server)
    {
        var node = server.EndPoint.ToString() ?? "?";
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
            LogNotChecked(logger, node, ex.Message);
            return;
        }

        var policy = settings.GetValueOrDefault("maxmemory_policy");
        if (policy is not null && policy != "noeviction")
        {
            throw new InvalidOperationException(
                $"Redis {node}: maxmemory-policy is '{policy}': Redis could evict queued events. Set 'maxmemory-policy noeviction'.");
        }

        if (settings.GetValueOrDefault("aof_enabled") == "0")
        {
            LogAppendOnlyOff(logger, node);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis durability settings of {Node} not checked: {Reason}")]
    private static partial void LogNotChecked(ILogger logger, string node, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Node} runs without appendonly: a Redis restart loses queued events that were answered 202")]
    private static partial void LogAppendOnlyOff(ILogger logger, string node);
}

using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.Worker.Draining;

/// <summary>
/// How often the group has delivered an entry, read from Redis' own counter (<c>XPENDING</c>). Redis counts every
/// delivery to any consumer — the first read, each re-read of a consumer's pending entries, each takeover
/// (<c>XAUTOCLAIM</c>) — and keeps counting across worker restarts, so the worker holds no delivery state of its own
/// that its drain loops would have to share. The events of a batch entry share its deliveries.
/// </summary>
internal sealed class DeliveryCounter(IConnectionMultiplexer redis, StreamShards shards, IOptions<EventStreamOptions> streamOptions)
{
    /// <returns>
    /// The entry's deliveries while it is pending at <paramref name="consumer"/>; null when it is not (any more):
    /// another consumer has taken it over since (that consumer decides about it now) or it was acknowledged.
    /// </returns>
    public async Task<int?> DeliveriesAsync(int shard, RedisValue entryId, string consumer)
    {
        var pending = await redis.GetDatabase().StreamPendingMessagesAsync(
            shards.StreamKey(shard), streamOptions.Value.ConsumerGroup, 1, consumer, entryId, entryId);
        return pending.Length == 1 ? pending[0].DeliveryCount : null;
    }
}

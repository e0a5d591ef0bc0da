using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Redis;

namespace VectorVue.Worker.Acknowledging;

/// <summary>
/// The one place entries leave the consumer group's pending list (<c>XACK</c>), and with them their events leave the
/// shard's queued-events counter, which the API's high-water mark reads. Called only once everything an entry holds
/// is committed — each event stored or dead-lettered — so a crash before it means redelivery, never loss.
/// </summary>
/// <remarks>
/// One script per shard and call, atomic in Redis: each entry is acknowledged, and only an entry that was still
/// pending (<c>XACK</c> answers 1) subtracts its events from the counter. An entry acknowledged twice — redelivered
/// after a crash between commit and acknowledgement, taken over and stored by two consumers, dead-lettered again —
/// is subtracted once. The stream and its counter share the shard's hash tag, so on a Redis Cluster the script runs
/// on the shard's node (docs/delivery.md, "The queued-events counter").
/// </remarks>
internal sealed class StreamAcknowledger(IConnectionMultiplexer redis, StreamShards shards, IOptions<EventStreamOptions> streamOptions)
{
    // KEYS: the shard's stream, its counter. ARGV: the group, then each entry's id and counted events.
    private static readonly RedisScript Script = new("""
        local released = 0
        for i = 2, #ARGV, 2 do
            if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
                released = released + tonumber(ARGV[i + 1])
            end
        end
        if released > 0 then
            redis.call('DECRBY', KEYS[2], released)
        end
        return released
        """);

    /// <param name="shard">The shard the entries were read from.</param>
    /// <param name="entries">Each entry's id and what it counts for (<see cref="CountedEvents"/>).</param>
    /// <returns>The events subtracted from the shard's counter (those of entries that were still pending).</returns>
    public async Task<long> AcknowledgeAsync(int shard, IReadOnlyCollection<(RedisValue Id, long Events)> entries)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        var values = new RedisValue[1 + (2 * entries.Count)];
        values[0] = streamOptions.Value.ConsumerGroup;
        var i = 1;
        foreach (var (id, events) in entries)
        {
            values[i++] = id;
            values[i++] = events;
        }

        var released = await Script.EvaluateAsync(redis.GetDatabase(), [shards.StreamKey(shard), shards.QueuedCounterKey(shard)], values);
        return (long)released;
    }
}

using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.Worker.Acknowledging;

/// <summary>
/// The one place entries leave the consumer group's pending list (<c>XACK</c>). Called only once what an entry holds
/// is committed — its row stored, or its dead letter recorded — so a crash before it means redelivery, never loss.
/// </summary>
internal sealed class StreamAcknowledger(IConnectionMultiplexer redis, IOptions<EventStreamOptions> streamOptions)
{
    public Task AcknowledgeAsync(RedisValue[] entryIds)
    {
        var stream = streamOptions.Value;
        return redis.GetDatabase().StreamAcknowledgeAsync(stream.StreamKey, stream.ConsumerGroup, entryIds);
    }
}

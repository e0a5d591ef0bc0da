using StackExchange.Redis;

namespace VectorVue.Worker.Draining;

/// <summary>Creates the consumer group (and the shard's stream) if they do not exist yet.</summary>
internal static class ConsumerGroup
{
    public static async Task EnsureAsync(IDatabase db, RedisKey stream, string group, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists already: the normal case after the first start.
        }
    }
}

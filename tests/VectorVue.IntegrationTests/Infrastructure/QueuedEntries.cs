using System.Text.Json;
using VectorVue.Contracts;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// Puts events on the queue as the API's admission does — one batch entry with its count, and the shard's
/// queued-events counter raised by as many, in one script — bypassing only the API's checks: the way to store
/// events the API would refuse (months old, months ahead) through the worker's real write path.
/// </summary>
public static class QueuedEntries
{
    private const string QueueScript = """
        local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
        redis.call('INCRBY', KEYS[2], ARGV[1])
        return id
        """;

    /// <summary>Queues <paramref name="events"/> (all of one tenant) as one batch entry, so the worker stores them in one transaction.</summary>
    public static async Task QueueBatchAsync(this VectorVueAppFixture fixture, IReadOnlyList<QueuedEvent> events)
    {
        var shard = fixture.Layout.ShardOf(Assert.Single(events.Select(e => e.TenantId).Distinct()));
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        await db.ScriptEvaluateAsync(
            QueueScript,
            [fixture.Layout.StreamKey(shard), fixture.Layout.QueuedCounterKey(shard)],
            [events.Count, StreamFields.Events, JsonSerializer.Serialize(events.ToArray(), QueueJsonContext.Default.QueuedEventArray),
                StreamFields.Count, events.Count]);
    }
}

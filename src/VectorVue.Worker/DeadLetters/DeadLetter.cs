using System.Text.Json;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Draining;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// What goes to the dead letters: always one event, as an entry of the single-event shape (its <c>event</c>, the count
/// <c>n</c> = 1, the request's trace context), so a re-drive re-queues exactly that event onto its tenant's shard —
/// except an entry that could not be decoded at all, which is kept whole, as it was queued.
/// </summary>
/// <param name="Key">
/// Unique per dead letter (<c>dead_letters.stream_entry_id</c>), so recording one again after a crash is a no-op: the
/// entry's id, with the event's position for an event of a batch entry (<c>&lt;id&gt;/&lt;index&gt;</c>), and the shard
/// in front when there are several (<c>&lt;shard&gt;:…</c>: entry ids are per stream).
/// </param>
/// <param name="SourceEntryId">The stream entry it came from.</param>
/// <param name="Fields">The entry it would be re-queued as.</param>
/// <param name="EventId">The event's id, when it could be read.</param>
/// <param name="TenantId">The event's tenant, when known: a re-drive queues it on that tenant's shard.</param>
/// <param name="Reason">Why it cannot be stored (PostgreSQL's message, or why it could not be read).</param>
/// <param name="ErrorCode">PostgreSQL's SQLSTATE; null for what could not be read.</param>
/// <param name="DeliveryCount">The entry's deliveries when it was given up.</param>
internal sealed record DeadLetter(
    string Key, RedisValue SourceEntryId, NameValueEntry[] Fields, Guid? EventId, Guid? TenantId, string Reason, string? ErrorCode, int DeliveryCount)
{
    /// <summary>A whole entry that holds nothing readable.</summary>
    public static DeadLetter OfEntry(StackExchange.Redis.StreamEntry entry, int shard, int shards, string reason, int deliveries) =>
        new(KeyOf(entry.Id, shard, shards, index: null), entry.Id, entry.Values, null, null, reason, null, deliveries);

    /// <summary>An event PostgreSQL refused for good.</summary>
    public static DeadLetter OfEvent(EntryEvent refused, int shards, string reason, string errorCode, int deliveries)
    {
        var entry = refused.Entry;
        var fields = entry.IsBatch
            ? SingleEventFields(entry, JsonSerializer.Serialize(refused.Event, QueueJsonContext.Default.QueuedEvent))
            : entry.Raw.Values; // already of the single shape: kept as queued
        return new DeadLetter(KeyOf(entry.Raw.Id, entry.Shard, shards, entry.IsBatch ? refused.Index : null), entry.Raw.Id, fields,
            refused.Event.Id, refused.Event.TenantId, reason, errorCode, deliveries);
    }

    /// <summary>
    /// An element of a batch entry that is not a valid event. Its tenant is not known (nothing of it could be read), so a
    /// re-drive queues it on the first shard, where it becomes a dead letter again until someone repairs it.
    /// </summary>
    public static DeadLetter OfMalformed(DecodedEntry entry, MalformedEvent malformed, int shards, int deliveries) =>
        new(KeyOf(entry.Raw.Id, entry.Shard, shards, malformed.Index), entry.Raw.Id, SingleEventFields(entry, malformed.Json),
            null, null, $"undecodable: element {malformed.Index} of '{StreamFields.Events}' is {malformed.Error}",
            null, deliveries);

    private static NameValueEntry[] SingleEventFields(DecodedEntry entry, string eventJson)
    {
        var fields = new List<NameValueEntry>(4) { new(StreamFields.Event, eventJson), new(StreamFields.Count, 1) };
        foreach (var field in entry.Raw.Values)
        {
            if (field.Name == StreamFields.TraceParent || field.Name == StreamFields.TraceState)
            {
                fields.Add(field);
            }
        }

        return [.. fields];
    }

    private static string KeyOf(RedisValue entryId, int shard, int shards, int? index) =>
        (shards > 1 ? $"{shard}:" : "") + entryId + (index is { } i ? $"/{i}" : "");
}

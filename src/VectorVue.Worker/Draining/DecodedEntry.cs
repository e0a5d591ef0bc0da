using System.Diagnostics;
using VectorVue.Contracts;

namespace VectorVue.Worker.Draining;

/// <summary>
/// A decoded stream entry: the raw entry and its shard, the events it holds — one (field <c>event</c>) or a batch
/// request's (field <c>events</c>) — what it counts for in the shard's queued-events counter, and the trace context
/// of the request that accepted it. Elements of a batch that are not valid events are kept apart
/// (<see cref="Malformed"/>): nothing can make them storable, so each becomes a dead letter of its own.
/// </summary>
internal sealed class DecodedEntry(StackExchange.Redis.StreamEntry raw, int shard, bool isBatch, long countedEvents, ActivityContext parentContext)
{
    public StackExchange.Redis.StreamEntry Raw { get; } = raw;

    public int Shard { get; } = shard;

    /// <summary>Whether the entry holds a batch request's events (field <c>events</c>), not one event.</summary>
    public bool IsBatch { get; } = isBatch;

    /// <summary>What the entry counts for in the shard's counter (<see cref="Acknowledging.CountedEvents"/>).</summary>
    public long CountedEvents { get; } = countedEvents;

    public ActivityContext ParentContext { get; } = parentContext;

    public List<EntryEvent> Events { get; } = [];

    public List<MalformedEvent> Malformed { get; } = [];

    public string EntryId => Raw.Id.ToString();
}

/// <summary>One event of an entry: the unit that is stored, refused, isolated and dead-lettered.</summary>
/// <param name="Entry">The entry holding it.</param>
/// <param name="Index">Its position in the entry (0 for a single-event entry).</param>
/// <param name="Event">The event.</param>
internal sealed record EntryEvent(DecodedEntry Entry, int Index, QueuedEvent Event);

/// <summary>An element of a batch entry that is not a valid event.</summary>
/// <param name="Index">Its position in the entry's <c>events</c> array.</param>
/// <param name="Json">The element as it is in the entry.</param>
/// <param name="Error">Why it is not an event.</param>
internal sealed record MalformedEvent(int Index, string Json, string Error);

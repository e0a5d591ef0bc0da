using System.Diagnostics;
using VectorVue.Contracts;

namespace VectorVue.Worker.Draining;

/// <summary>A decoded stream entry: the raw entry, the event, and the trace context of the request that accepted it.</summary>
internal sealed record DecodedEntry(StackExchange.Redis.StreamEntry Raw, QueuedEvent Event, ActivityContext ParentContext)
{
    public string EntryId => Raw.Id.ToString();
}

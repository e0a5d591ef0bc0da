using System.Diagnostics;
using VectorVue.Contracts;

namespace VectorVue.Worker.Queue;

/// <summary>A decoded stream entry: its id, the event, and the trace context of the request that accepted it.</summary>
internal sealed record DecodedEntry(string EntryId, QueuedEvent Event, ActivityContext ParentContext);

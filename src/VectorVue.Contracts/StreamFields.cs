namespace VectorVue.Contracts;

/// <summary>
/// Field names of a stream entry (docs/delivery.md, "The stream entry"). An entry holds either one event
/// (<see cref="Event"/>) or a batch's events (<see cref="Events"/>), always with <see cref="Count"/>; the trace
/// context travels beside them so one trace spans API and worker. Nothing else a client sends reaches an entry.
/// </summary>
public static class StreamFields
{
    /// <summary>One <see cref="QueuedEvent"/> as JSON: the entry of a single-event request, and every dead letter.</summary>
    public const string Event = "event";

    /// <summary>A JSON array of <see cref="QueuedEvent"/> (<see cref="QueueJsonContext"/>): one batch request's events.</summary>
    public const string Events = "events";

    /// <summary>
    /// How many events the entry holds (1 for <see cref="Event"/>), so the queued-events counter can be kept without
    /// decoding. Entries written before it existed lack it and hold one event.
    /// </summary>
    public const string Count = "n";

    /// <summary>W3C <c>traceparent</c> of the request that accepted the events.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C <c>tracestate</c>, when present.</summary>
    public const string TraceState = "tracestate";
}

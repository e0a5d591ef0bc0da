namespace VectorVue.Contracts;

/// <summary>Field names of a stream entry. The trace context travels beside the event so one trace spans API and worker.</summary>
public static class StreamFields
{
    /// <summary>The <see cref="QueuedEvent"/> as JSON.</summary>
    public const string Event = "event";

    /// <summary>W3C <c>traceparent</c> of the request that accepted the event.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C <c>tracestate</c>, when present.</summary>
    public const string TraceState = "tracestate";
}

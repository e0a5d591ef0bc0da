using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry.Context.Propagation;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.Queue;

/// <summary>
/// One stream entry (docs/delivery.md, "The stream entry"): a single event (<see cref="StreamFields.Event"/>) or a
/// batch's valid events as one JSON array (<see cref="StreamFields.Events"/>), always with their number
/// (<see cref="StreamFields.Count"/>) and the W3C trace context of the request, so the worker continues its trace.
/// </summary>
/// <param name="Count">Events in the entry.</param>
/// <param name="Fields">Field names and values, alternating, as <c>XADD</c> takes them.</param>
internal sealed record QueueEntry(int Count, RedisValue[] Fields)
{
    public static QueueEntry Single(QueuedEvent queuedEvent, ActivityContext trace) =>
        Create(1, StreamFields.Event, JsonSerializer.SerializeToUtf8Bytes(queuedEvent, QueueJsonContext.Default.QueuedEvent), trace);

    public static QueueEntry Batch(QueuedEvent[] events, ActivityContext trace) =>
        Create(events.Length, StreamFields.Events, JsonSerializer.SerializeToUtf8Bytes(events, QueueJsonContext.Default.QueuedEventArray), trace);

    private static QueueEntry Create(int count, string payloadField, byte[] payload, ActivityContext trace)
    {
        var fields = new List<RedisValue>(8) { payloadField, payload, StreamFields.Count, count };
        // Only the trace context travels: W3C baggage is whatever the client put in a request header, and nothing
        // a client sends besides the events may reach the stream (or, from there, the dead letters).
        Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(trace, default), fields,
            static (carrier, key, value) =>
            {
                carrier.Add(key);
                carrier.Add(value);
            });
        return new QueueEntry(count, [.. fields]);
    }
}

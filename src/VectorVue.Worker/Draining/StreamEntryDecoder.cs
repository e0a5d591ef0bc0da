using System.Text.Json;
using OpenTelemetry.Context.Propagation;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Acknowledging;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Reads the events and the W3C trace context out of a raw stream entry of either shape: one event (field
/// <c>event</c>) or a batch request's (field <c>events</c>, a JSON array), with or without the count <c>n</c>.
/// The JSON is read from the UTF-8 bytes Redis sent, never turned into a .NET string first: a batch entry's string
/// (two bytes a character, 70 KB and more for 100 events) doubled what a read held, and past 85 KB it went to the large
/// object heap, which only full collections free.
/// </summary>
internal static class StreamEntryDecoder
{
    /// <returns>The entry, or null with a reason when it holds no event at all that could be read.</returns>
    public static DecodedEntry? TryDecode(StackExchange.Redis.StreamEntry raw, int shard, out string? error)
    {
        var values = raw.Values;
        var batch = Find(values, StreamFields.Events);
        var single = batch is null ? Find(values, StreamFields.Event) : null;
        if (batch is null && single is null)
        {
            error = $"the entry has no '{StreamFields.Event}' or '{StreamFields.Events}' field";
            return null;
        }

        var entry = new DecodedEntry(raw, shard, isBatch: batch is not null, CountedEvents.Of(values), ParentContextOf(values));
        error = batch is { } events ? DecodeBatch((ReadOnlyMemory<byte>)events, entry) : DecodeSingle((ReadOnlyMemory<byte>)single!.Value, entry);
        return error is null ? entry : null;
    }

    private static string? DecodeSingle(ReadOnlyMemory<byte> json, DecodedEntry entry)
    {
        QueuedEvent? queued;
        try
        {
            queued = JsonSerializer.Deserialize(json.Span, QueueJsonContext.Default.QueuedEvent);
        }
        catch (JsonException ex)
        {
            return $"the '{StreamFields.Event}' field is not a valid event: {ex.Message}";
        }

        if (!IsEvent(queued))
        {
            return $"the entry has no '{StreamFields.Event}' field with an event";
        }

        entry.Events.Add(new EntryEvent(entry, 0, queued!));
        return null;
    }

    private static string? DecodeBatch(ReadOnlyMemory<byte> json, DecodedEntry entry)
    {
        // As the API writes it: an array of valid events, read in one go.
        try
        {
            if (JsonSerializer.Deserialize(json.Span, QueueJsonContext.Default.QueuedEventArray) is { } events && events.All(IsEvent))
            {
                for (var i = 0; i < events.Length; i++)
                {
                    entry.Events.Add(new EntryEvent(entry, i, events[i]));
                }

                return null;
            }
        }
        catch (JsonException)
        {
            // Element by element below: which ones are events, and why the others are not.
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return $"the '{StreamFields.Events}' field is not JSON: {ex.Message}";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return $"the '{StreamFields.Events}' field is not an array of events";
            }

            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                try
                {
                    var queued = element.Deserialize(QueueJsonContext.Default.QueuedEvent);
                    if (IsEvent(queued))
                    {
                        entry.Events.Add(new EntryEvent(entry, index, queued!));
                    }
                    else
                    {
                        entry.Malformed.Add(new MalformedEvent(index, element.GetRawText(), "not an event (no event_type or object_type)"));
                    }
                }
                catch (JsonException ex)
                {
                    entry.Malformed.Add(new MalformedEvent(index, element.GetRawText(), $"not a valid event: {ex.Message}"));
                }

                index++;
            }
        }

        return null;
    }

    private static bool IsEvent(QueuedEvent? queued) => queued is { EventType: not null, ObjectType: not null };

    private static System.Diagnostics.ActivityContext ParentContextOf(NameValueEntry[] values) =>
        Propagators.DefaultTextMapPropagator.Extract(default, values, static (carrier, key) =>
        {
            var value = Find(carrier, key);
            return value is null ? [] : [(string)value!];
        }).ActivityContext;

    private static RedisValue? Find(NameValueEntry[] values, string name)
    {
        foreach (var entry in values)
        {
            if (entry.Name == name)
            {
                return entry.Value;
            }
        }

        return null;
    }
}

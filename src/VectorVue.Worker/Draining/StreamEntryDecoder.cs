using System.Text.Json;
using OpenTelemetry.Context.Propagation;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.Worker.Draining;

/// <summary>Reads the event and the W3C trace context out of a raw stream entry.</summary>
internal static class StreamEntryDecoder
{
    /// <returns>The entry, or null with a reason when it does not hold a valid event.</returns>
    public static DecodedEntry? TryDecode(StackExchange.Redis.StreamEntry raw, out string? error)
    {
        var values = raw.Values;
        QueuedEvent? queued = null;
        try
        {
            var json = Find(values, StreamFields.Event);
            queued = json is null ? null : JsonSerializer.Deserialize((string)json!, QueueJsonContext.Default.QueuedEvent);
        }
        catch (JsonException ex)
        {
            error = $"the '{StreamFields.Event}' field is not a valid event: {ex.Message}";
            return null;
        }

        if (queued is null || queued.EventType is null || queued.ObjectType is null)
        {
            error = $"the entry has no '{StreamFields.Event}' field with an event";
            return null;
        }

        var parent = Propagators.DefaultTextMapPropagator.Extract(default, values, static (carrier, key) =>
        {
            var value = Find(carrier, key);
            return value is null ? [] : [(string)value!];
        });

        error = null;
        return new DecodedEntry(raw, queued, parent.ActivityContext);
    }

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

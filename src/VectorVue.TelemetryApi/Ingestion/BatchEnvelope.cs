using System.Text.Json;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// The batch body <c>{"sent_at"?: instant, "events": [...]}</c>. With <c>sent_at</c> the client's clock skew is
/// known: every event timestamp is corrected by <c>received_at − sent_at</c>.
/// </summary>
internal sealed record BatchEnvelope(JsonElement[] Events, TimeSpan ClockCorrection)
{
    public static BatchEnvelope? Read(
        JsonElement root, int maxEvents, TimeSpan maxClockSkew, DateTimeOffset receivedAt, Dictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The batch must be a JSON object with an 'events' array."];
            return null;
        }

        var correction = TimeSpan.Zero;
        if (root.TryGetProperty("sent_at", out var sentAt) && sentAt.ValueKind != JsonValueKind.Null)
        {
            if (sentAt.ValueKind == JsonValueKind.String && TryGetText(sentAt) is { } text
                && ClientEventParser.TryParseInstant(text, out var sent))
            {
                correction = receivedAt - sent;
                if (correction.Duration() > maxClockSkew)
                {
                    errors["sent_at"] = [$"Implies a client clock off by more than {maxClockSkew.TotalHours:0.##} hours."];
                }
            }
            else
            {
                errors["sent_at"] = ["Must be an ISO-8601 instant with an offset, or absent."];
            }
        }

        if (!root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            errors["events"] = ["Is required: an array of events."];
        }
        else if (events.GetArrayLength() is var length && (length == 0 || length > maxEvents))
        {
            errors["events"] = [$"Must hold between 1 and {maxEvents} events (got {length})."];
        }

        return errors.Count > 0 ? null : new BatchEnvelope([.. events.EnumerateArray()], correction);
    }

    private static string? TryGetText(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate escape
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using VectorVue.Contracts;
using VectorVue.TelemetryApi.Privacy;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// Applies the field rules (docs/ingestion-contract.md) to one event object and names every failing field. Fields it does not know
/// (including a <c>tenant_id</c> or <c>user_id</c> in the body) are ignored: identity only ever comes from the token.
/// </summary>
internal sealed partial class ClientEventParser(IOptions<IngestionOptions> options)
{
    public const int MaxObjectIdLength = 128;

    // The vocabulary as error messages name it: types sorted by their spelling, severities most severe first.
    private static readonly string EventTypeList = string.Join(", ", EventTypes.All.Order(StringComparer.Ordinal));
    private static readonly string ObjectTypeList = string.Join(", ", ObjectTypes.All.Order(StringComparer.Ordinal));
    private static readonly string SeverityList = string.Join(", ", Severities.All);

    /// <param name="body">One event object.</param>
    /// <param name="receivedAt">The server's receive time: the default timestamp and the centre of the accepted window.</param>
    /// <param name="clockCorrection">Added to a client timestamp to undo the client's clock skew (batches with <c>sent_at</c>).</param>
    public EventParseResult Parse(JsonElement body, DateTimeOffset receivedAt, TimeSpan clockCorrection = default)
    {
        try
        {
            return ParseFields(body, receivedAt, clockCorrection);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json accepts an escaped lone surrogate ("\ud800") but cannot turn it into a string.
            return new EventParseResult(null, new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["$"] = ["A string holds an invalid Unicode escape (a lone surrogate)."],
            });
        }
    }

    private EventParseResult ParseFields(JsonElement body, DateTimeOffset receivedAt, TimeSpan clockCorrection)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["The event must be a JSON object."];
            return new EventParseResult(null, errors);
        }

        var eventType = ReadEventType(body, errors);
        var objectType = ReadObjectType(body, eventType, errors);
        var objectId = ReadOptionalString(body, "object_id", MaxObjectIdLength, errors);
        var severity = ReadSeverity(body, errors);
        var timestamp = ReadTimestamp(body, receivedAt, clockCorrection, errors);
        var eventId = ReadEventId(body, errors);
        var metadata = ReadMetadata(body, errors);

        if (errors.Count > 0)
        {
            return new EventParseResult(null, errors);
        }

        return new EventParseResult(
            new ClientEvent(eventId, eventType!, objectType!, objectId, severity, timestamp,
                metadata?.Json, metadata?.DroppedKeys ?? 0),
            errors);
    }

    private static string? ReadEventType(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!TryGetString(body, "event_type", errors, required: true, out var raw) || raw is null)
        {
            return null;
        }

        var eventType = raw.Trim().ToUpperInvariant();
        if (!EventTypes.IsKnown(eventType))
        {
            errors["event_type"] = [$"Unknown event type; expected one of {EventTypeList}."];
            return null;
        }

        return eventType;
    }

    private static string? ReadObjectType(JsonElement body, string? eventType, Dictionary<string, string[]> errors)
    {
        if (!TryGetString(body, "object_type", errors, required: true, out var raw) || raw is null)
        {
            return null;
        }

        var objectType = raw.Trim().ToLowerInvariant();
        if (!ObjectTypes.IsKnown(objectType))
        {
            errors["object_type"] = [$"Unknown object type; expected one of {ObjectTypeList}."];
            return null;
        }

        if (eventType is not null && EventTypes.ObjectTypeOf(eventType) is var expected && expected != objectType)
        {
            errors["object_type"] = [$"{eventType} events are about a '{expected}', not a '{objectType}'."];
            return null;
        }

        return objectType;
    }

    private static string? ReadSeverity(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!TryGetString(body, "severity", errors, required: false, out var raw) || raw is null)
        {
            return null;
        }

        var severity = raw.Trim().ToLowerInvariant();
        if (!Severities.IsKnown(severity))
        {
            errors["severity"] = [$"Unknown severity; expected one of {SeverityList}, or null."];
            return null;
        }

        return severity;
    }

    private DateTimeOffset ReadTimestamp(JsonElement body, DateTimeOffset receivedAt, TimeSpan clockCorrection, Dictionary<string, string[]> errors)
    {
        if (!TryGetString(body, "timestamp", errors, required: false, out var raw) || raw is null)
        {
            return receivedAt;
        }

        if (!TryParseInstant(raw, out var timestamp))
        {
            errors["timestamp"] = ["Must be an ISO-8601 instant with an offset, e.g. 2026-11-26T10:15:00Z."];
            return receivedAt;
        }

        if (!TryShift(timestamp, clockCorrection, out timestamp))
        {
            errors["timestamp"] = ["Lies outside the representable range once corrected for the client's clock."];
            return receivedAt;
        }

        var limits = options.Value;
        if (timestamp < receivedAt - limits.MaxEventAge)
        {
            errors["timestamp"] = [$"Lies more than {limits.MaxEventAge.TotalHours:0.##} hours before the server's time."];
        }
        else if (timestamp > receivedAt + limits.MaxClockAhead)
        {
            errors["timestamp"] = [$"Lies more than {limits.MaxClockAhead.TotalSeconds:0} seconds after the server's time."];
        }

        return timestamp.ToUniversalTime();
    }

    private static bool TryShift(DateTimeOffset value, TimeSpan by, out DateTimeOffset shifted)
    {
        var ticks = value.UtcTicks + by.Ticks;
        var inRange = ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;
        shifted = inRange ? new DateTimeOffset(ticks, TimeSpan.Zero) : value;
        return inRange;
    }

    /// <summary>An ISO-8601 date-time that carries its offset (<c>Z</c> or <c>±hh:mm</c>): a local time is ambiguous.</summary>
    public static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        return Iso8601Instant().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    private static Guid? ReadEventId(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!TryGetString(body, "event_id", errors, required: false, out var raw) || raw is null)
        {
            return null;
        }

        if (!Guid.TryParseExact(raw.Trim(), "D", out var id) || id == Guid.Empty)
        {
            errors["event_id"] = ["Must be a UUID such as 0192d4e0-7b5c-7a1e-9f2b-3c4d5e6f7a8b."];
            return null;
        }

        return id;
    }

    private static SanitizedMetadata? ReadMetadata(JsonElement body, Dictionary<string, string[]> errors)
    {
        if (!body.TryGetProperty("metadata_json", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (metadata.ValueKind != JsonValueKind.Object)
        {
            errors["metadata_json"] = ["Must be a JSON object of scalar values, or null."];
            return null;
        }

        var sanitized = MetadataSanitizer.Sanitize(metadata);
        if (sanitized.Errors.Count > 0)
        {
            errors["metadata_json"] = [.. sanitized.Errors];
            return null;
        }

        return sanitized;
    }

    private static string? ReadOptionalString(JsonElement body, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        if (!TryGetString(body, name, errors, required: false, out var value) || value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            errors[name] = [$"Must be at most {maxLength} characters (got {value.Length})."];
            return null;
        }

        return value;
    }

    /// <summary>Reads a string-or-null field; records an error for any other JSON kind or a control character.</summary>
    private static bool TryGetString(JsonElement body, string name, Dictionary<string, string[]> errors, bool required, out string? value)
    {
        value = null;
        if (!body.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors[name] = ["Is required."];
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            errors[name] = [$"Must be a string{(required ? string.Empty : " or null")}, not {element.ValueKind.ToString().ToLowerInvariant()}."];
            return false;
        }

        value = element.GetString()!;
        if (MetadataSanitizer.HasControlCharacter(value))
        {
            errors[name] = ["Must not contain control characters."];
            value = null;
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601Instant();
}

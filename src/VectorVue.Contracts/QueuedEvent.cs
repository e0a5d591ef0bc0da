using System.Text.Json.Serialization;

namespace VectorVue.Contracts;

/// <summary>
/// A client activity event after validation and sanitization, as the API writes it into the Redis stream and the
/// worker stores it. Every field is already in its stored form (upper-case event type, lower-case object type and
/// severity, UTC instants); <see cref="MetadataJson"/> is a sanitized JSON object or null.
/// </summary>
public sealed record QueuedEvent(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("tenant_id")] Guid TenantId,
    [property: JsonPropertyName("user_id")] Guid? UserId,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("object_type")] string ObjectType,
    [property: JsonPropertyName("object_id")] string? ObjectId,
    [property: JsonPropertyName("severity")] string? Severity,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("metadata_json")] string? MetadataJson);

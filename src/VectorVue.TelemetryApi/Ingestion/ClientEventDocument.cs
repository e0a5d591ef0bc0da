using System.Text.Json;
using System.Text.Json.Serialization;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// The request bodies as the OpenAPI document shows them. The endpoints read the JSON themselves (to name every
/// failing field and refuse duplicate keys), so these types describe the contract; they are not bound.
/// </summary>
internal sealed record ClientEventDocument(
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("object_type")] string ObjectType,
    [property: JsonPropertyName("object_id")] string? ObjectId,
    [property: JsonPropertyName("severity")] string? Severity,
    [property: JsonPropertyName("timestamp")] DateTimeOffset? Timestamp,
    [property: JsonPropertyName("metadata_json")] Dictionary<string, JsonElement>? MetadataJson,
    [property: JsonPropertyName("event_id")] Guid? EventId);

/// <summary>The batch body: optional client send time (for clock-skew correction) and up to 100 events.</summary>
internal sealed record ClientEventBatchDocument(
    [property: JsonPropertyName("sent_at")] DateTimeOffset? SentAt,
    [property: JsonPropertyName("events")] IReadOnlyList<ClientEventDocument> Events);

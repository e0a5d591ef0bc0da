using System.Text.Json.Serialization;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The 202 body: the event is in the queue under this id.</summary>
internal sealed record AcceptedEvent(
    [property: JsonPropertyName("accepted")] bool Accepted,
    [property: JsonPropertyName("event_id")] Guid EventId);

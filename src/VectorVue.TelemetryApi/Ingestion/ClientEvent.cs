namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>A client event that passed every field rule, in stored form; <see cref="EventId"/> is null when the client sent none.</summary>
internal sealed record ClientEvent(
    Guid? EventId,
    string EventType,
    string ObjectType,
    string? ObjectId,
    string? Severity,
    DateTimeOffset Timestamp,
    string? MetadataJson,
    int DroppedMetadataKeys);

/// <summary>Either a valid <see cref="ClientEvent"/> or the failing fields with what is wrong with each.</summary>
internal sealed record EventParseResult(ClientEvent? Event, Dictionary<string, string[]> Errors)
{
    public bool IsValid => Event is not null;
}

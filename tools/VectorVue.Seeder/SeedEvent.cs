namespace VectorVue.Seeder;

/// <summary>One generated portal action, shaped exactly like a stored row of <c>client_activity_events</c>.</summary>
internal readonly record struct SeedEvent(
    Guid Id,
    Guid TenantId,
    Guid? UserId,
    string EventType,
    string ObjectType,
    string? ObjectId,
    string? Severity,
    DateTimeOffset Timestamp,
    string? MetadataJson,
    DateTimeOffset ReceivedAt);

namespace VectorVue.Datasets;

/// <summary>One event of a dataset, as read from <c>analytics.events</c> (metadata as PostgreSQL's canonical jsonb text).</summary>
internal sealed record DatasetEvent(
    Guid Id, Guid? UserId, string EventType, string ObjectType, string? ObjectId, string? Severity, DateTimeOffset Timestamp, string? MetadataJson);

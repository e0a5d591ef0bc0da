namespace VectorVue.MigrationService.Data;

/// <summary>
/// The columns every stored event has (<see cref="VectorVue.Contracts.EventColumns.Shared"/>), in
/// <c>client_activity_events</c> and in its view <c>analytics.events</c> alike; each adds one column of its own
/// (<c>received_at</c>, which the view shows as <c>ingested_at</c>).
/// </summary>
public abstract class StoredEvent
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? UserId { get; set; }
    public required string EventType { get; set; }
    public required string ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public string? Severity { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? MetadataJson { get; set; }
}

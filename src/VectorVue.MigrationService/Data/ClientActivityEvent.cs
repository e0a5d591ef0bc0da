namespace VectorVue.MigrationService.Data;

/// <summary>Phase 7E: one security-workflow action of a portal user (docs/architecture.md, "Data model").</summary>
public sealed class ClientActivityEvent : IEventRow
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
    public DateTimeOffset ReceivedAt { get; set; }
}

namespace VectorVue.MigrationService.Data;

/// <summary>The columns every stored event has, in <c>client_activity_events</c> and in <c>analytics.events</c>.</summary>
public interface IEventRow
{
    Guid Id { get; }
    Guid TenantId { get; }
    Guid? UserId { get; }
    string EventType { get; }
    string ObjectType { get; }
    string? ObjectId { get; }
    string? Severity { get; }
    DateTimeOffset Timestamp { get; }
    string? MetadataJson { get; }
}

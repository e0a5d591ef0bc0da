namespace VectorVue.MigrationService.Data;

/// <summary>One security-workflow action of a portal user, as the API accepted it: what tenants are served from.</summary>
public sealed class ClientActivityEvent : StoredEvent
{
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// That a tenant's event id is stored: the idempotency key (one per tenant and event id, whatever the timestamp a
/// retry carries), kept with the event's timestamp so that retention removes it with its partition.
/// </summary>
public sealed class EventReceipt
{
    public Guid TenantId { get; set; }
    public Guid EventId { get; set; }
    public DateTimeOffset Timestamp { get; set; }
}

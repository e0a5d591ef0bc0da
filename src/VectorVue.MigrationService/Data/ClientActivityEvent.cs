namespace VectorVue.MigrationService.Data;

/// <summary>One security-workflow action of a portal user, as the API accepted it: what tenants are served from.</summary>
public sealed class ClientActivityEvent : StoredEvent
{
    public DateTimeOffset ReceivedAt { get; set; }
}

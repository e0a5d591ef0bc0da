namespace VectorVue.MigrationService.Data;

/// <summary>
/// A stream entry the worker could never store (PostgreSQL refused it, or it holds no valid event), kept with its
/// reason and raw payload until an operator re-drives it.
/// </summary>
public sealed class DeadLetter
{
    public long Id { get; set; }
    public required string StreamEntryId { get; set; }
    public Guid? EventId { get; set; }
    public Guid? TenantId { get; set; }
    public required string Payload { get; set; }
    public required string Reason { get; set; }
    public string? ErrorCode { get; set; }
    public int DeliveryCount { get; set; }
    public DateTimeOffset DeadLetteredAt { get; set; }
    public DateTimeOffset? RedrivenAt { get; set; }
}

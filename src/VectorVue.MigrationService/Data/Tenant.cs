namespace VectorVue.MigrationService.Data;

/// <summary>A customer of the portal. Events are accepted only for active tenants.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

namespace VectorVue.MigrationService.Data;

/// <summary>A portal user within one tenant; the token's <c>sub</c> names <see cref="Username"/>.</summary>
public sealed class User
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Username { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

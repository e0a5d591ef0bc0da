namespace VectorVue.TelemetryApi.Tenants;

/// <summary>What the directory knows of a token's tenant and user.</summary>
internal sealed record TenantAccess(TenantStatus Status, Guid? UserId)
{
    public static readonly TenantAccess Unknown = new(TenantStatus.Unknown, null);
}

internal enum TenantStatus
{
    Unknown,
    Inactive,
    Active,
}

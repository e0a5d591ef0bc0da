namespace VectorVue.MigrationService;

/// <summary>The tenant and user present in development so that <c>make token</c> and the first <c>curl</c> work.</summary>
public static class DemoTenant
{
    public static readonly Guid TenantId = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    public const string TenantName = "Demo Tenant";
    public static readonly Guid UserId = Guid.Parse("a11ce000-0000-4000-8000-0000000000a1");
    public const string Username = "demo";
}

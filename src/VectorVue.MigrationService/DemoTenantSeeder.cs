using Microsoft.EntityFrameworkCore;

namespace VectorVue.MigrationService;

/// <summary>Inserts the demo tenant and user if they are missing; running it twice changes nothing.</summary>
internal static class DemoTenantSeeder
{
    public static async Task SeedAsync(DbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO tenants (id, name, is_active, created_at)
            VALUES ({DemoTenant.TenantId}, {DemoTenant.TenantName}, TRUE, {now})
            ON CONFLICT (id) DO NOTHING
            """,
            cancellationToken);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO users (id, tenant_id, username, created_at)
            VALUES ({DemoTenant.UserId}, {DemoTenant.TenantId}, {DemoTenant.Username}, {now})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
    }
}

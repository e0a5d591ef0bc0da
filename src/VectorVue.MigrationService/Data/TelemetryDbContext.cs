using Microsoft.EntityFrameworkCore;

namespace VectorVue.MigrationService.Data;

/// <summary>
/// The schema owner. Only the migration service uses EF Core; the API and worker speak SQL through Npgsql against
/// the tables these migrations create (the integration tests hold the two together).
/// </summary>
public sealed class TelemetryDbContext(DbContextOptions<TelemetryDbContext> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ClientActivityEvent> ClientActivityEvents => Set<ClientActivityEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ActivityTablesModel.Configure(modelBuilder);
        AnalyticsSchemaModel.Configure(modelBuilder);
        AnalyticsRollupModel.Configure(modelBuilder);
        DeliveryModel.Configure(modelBuilder);
    }
}

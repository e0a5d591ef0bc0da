using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace VectorVue.MigrationService.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database or AppHost.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TelemetryDbContext>
{
    public TelemetryDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<TelemetryDbContext>()
            .UseNpgsql("Host=localhost;Database=vectorvue")
            .Options;
        return new TelemetryDbContext(options);
    }
}

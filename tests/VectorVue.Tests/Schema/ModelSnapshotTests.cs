using Microsoft.EntityFrameworkCore;
using VectorVue.MigrationService.Data;

namespace VectorVue.Tests.Schema;

public sealed class ModelSnapshotTests
{
    /// <summary>
    /// The model (whose CHECK lists and event columns are built from the contracts) is still the one the last
    /// migration's snapshot records: a change to either needs a migration, and this fails until it has one.
    /// </summary>
    [Fact]
    public void The_model_has_no_changes_without_a_migration()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges());
    }
}

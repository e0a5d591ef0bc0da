using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VectorVue.Contracts;

namespace VectorVue.MigrationService.Data;

/// <summary>
/// One mapping of the event columns, for <c>client_activity_events</c> and the <c>analytics.events</c> view alike.
/// Both are keyless to EF Core: the partitioned table has no primary key (a unique key there would have to include
/// the partition key; <c>event_receipts</c> is the idempotency key instead), and the view has none either.
/// </summary>
internal static class StoredEventMapping
{
    public static void Map<T>(EntityTypeBuilder<T> e) where T : StoredEvent
    {
        e.HasNoKey();
        e.Property(x => x.Id).HasColumnName(EventColumns.Id.Name);
        e.Property(x => x.TenantId).HasColumnName(EventColumns.TenantId.Name);
        e.Property(x => x.UserId).HasColumnName(EventColumns.UserId.Name);
        e.Property(x => x.EventType).HasColumnName(EventColumns.EventType.Name).HasMaxLength(32);
        e.Property(x => x.ObjectType).HasColumnName(EventColumns.ObjectType.Name).HasMaxLength(16);
        e.Property(x => x.ObjectId).HasColumnName(EventColumns.ObjectId.Name).HasMaxLength(128);
        e.Property(x => x.Severity).HasColumnName(EventColumns.Severity.Name).HasMaxLength(16);
        e.Property(x => x.Timestamp).HasColumnName(EventColumns.Timestamp.Name);
        e.Property(x => x.MetadataJson).HasColumnName(EventColumns.MetadataJson.Name).HasColumnType("jsonb");
    }
}

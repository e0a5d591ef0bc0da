using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VectorVue.Contracts;

namespace VectorVue.MigrationService.Data;

/// <summary>One mapping of the event columns and the "tenant, newest first" index, for both event tables.</summary>
internal static class StoredEventMapping
{
    public static void Map<T>(EntityTypeBuilder<T> e, string indexName) where T : StoredEvent
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName(EventColumns.Id.Name);
        e.Property(x => x.TenantId).HasColumnName(EventColumns.TenantId.Name);
        e.Property(x => x.UserId).HasColumnName(EventColumns.UserId.Name);
        e.Property(x => x.EventType).HasColumnName(EventColumns.EventType.Name).HasMaxLength(32);
        e.Property(x => x.ObjectType).HasColumnName(EventColumns.ObjectType.Name).HasMaxLength(16);
        e.Property(x => x.ObjectId).HasColumnName(EventColumns.ObjectId.Name).HasMaxLength(128);
        e.Property(x => x.Severity).HasColumnName(EventColumns.Severity.Name).HasMaxLength(16);
        e.Property(x => x.Timestamp).HasColumnName(EventColumns.Timestamp.Name);
        e.Property(x => x.MetadataJson).HasColumnName(EventColumns.MetadataJson.Name).HasColumnType("jsonb");
        // The manual's primary index: every analytics query is "one tenant, newest first".
        e.HasIndex(x => new { x.TenantId, x.Timestamp }).IsDescending(false, true).HasDatabaseName(indexName);
    }
}

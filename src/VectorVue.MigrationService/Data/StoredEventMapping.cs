using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace VectorVue.MigrationService.Data;

/// <summary>One mapping of the event columns and the "tenant, newest first" index, for both event tables.</summary>
internal static class StoredEventMapping
{
    public static void Map<T>(EntityTypeBuilder<T> e, string indexName) where T : StoredEvent
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).HasColumnName("id");
        e.Property(x => x.TenantId).HasColumnName("tenant_id");
        e.Property(x => x.UserId).HasColumnName("user_id");
        e.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(32);
        e.Property(x => x.ObjectType).HasColumnName("object_type").HasMaxLength(16);
        e.Property(x => x.ObjectId).HasColumnName("object_id").HasMaxLength(128);
        e.Property(x => x.Severity).HasColumnName("severity").HasMaxLength(16);
        e.Property(x => x.Timestamp).HasColumnName("timestamp");
        e.Property(x => x.MetadataJson).HasColumnName("metadata_json").HasColumnType("jsonb");
        // The manual's primary index: every analytics query is "one tenant, newest first".
        e.HasIndex(x => new { x.TenantId, x.Timestamp }).IsDescending(false, true).HasDatabaseName(indexName);
    }
}

using Microsoft.EntityFrameworkCore;
using VectorVue.Contracts;

namespace VectorVue.MigrationService.Data;

/// <summary>
/// The activity tables: tenants, their users, <c>client_activity_events</c> and its idempotency key
/// <c>event_receipts</c> (docs/storage.md, "Schema and partitions"). The CHECK constraints hold the event vocabulary,
/// so that nothing outside it can be stored even by a client that bypasses the API. What EF Core cannot express is
/// the SQL of the <c>Storage_PartitionedIncremental</c> migration: the table is range-partitioned by month on
/// <c>"timestamp"</c>, append-only by trigger, and has no foreign keys (a trigger on <c>tenants</c> keeps a tenant
/// with events from being deleted).
/// </summary>
internal static class ActivityTablesModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(tenant =>
        {
            tenant.ToTable("tenants");
            tenant.HasKey(t => t.Id);
            tenant.Property(t => t.Id).HasColumnName("id");
            tenant.Property(t => t.Name).HasColumnName("name").HasMaxLength(200);
            tenant.Property(t => t.IsActive).HasColumnName("is_active").HasDefaultValue(true);
            tenant.Property(t => t.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        });

        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasColumnName("id");
            user.Property(u => u.TenantId).HasColumnName("tenant_id");
            user.Property(u => u.Username).HasColumnName("username").HasMaxLength(200);
            user.Property(u => u.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            user.HasIndex(u => new { u.TenantId, u.Username }).IsUnique().HasDatabaseName("ux_users_tenant_username");
            user.HasOne<Tenant>().WithMany().HasForeignKey(u => u.TenantId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ClientActivityEvent>(e =>
        {
            e.ToTable("client_activity_events", t =>
            {
                t.HasCheckConstraint("ck_client_activity_events_event_type", $"event_type IN ({SqlList(EventTypes.All)})");
                t.HasCheckConstraint("ck_client_activity_events_object_type", $"object_type IN ({SqlList(ObjectTypes.All)})");
                t.HasCheckConstraint("ck_client_activity_events_severity", $"severity IS NULL OR severity IN ({SqlList(Severities.All)})");
                t.HasCheckConstraint("ck_client_activity_events_metadata_object", "metadata_json IS NULL OR jsonb_typeof(metadata_json) = 'object'");
            });
            StoredEventMapping.Map(e);
            e.Property(x => x.ReceivedAt).HasColumnName(EventColumns.ReceivedAt.Name);
            // The manual's primary index, and the only one: every analytics query is "one tenant, newest first".
            e.HasIndex(x => new { x.TenantId, x.Timestamp }).IsDescending(false, true)
                .HasDatabaseName("ix_client_activity_events_tenant_timestamp");
        });

        modelBuilder.Entity<EventReceipt>(e =>
        {
            e.ToTable("event_receipts");
            e.HasKey(x => new { x.TenantId, x.EventId });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.EventId).HasColumnName("event_id");
            e.Property(x => x.Timestamp).HasColumnName("timestamp");
        });
    }

    /// <summary>Values as an SQL list, in their given order: <c>'critical', 'high', 'medium', 'low'</c>.</summary>
    private static string SqlList(IEnumerable<string> values) =>
        string.Join(", ", values.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"));
}

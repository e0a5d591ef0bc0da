using Microsoft.EntityFrameworkCore;

namespace VectorVue.MigrationService.Data;

/// <summary>Phase 7E: tenants, users and <c>client_activity_events</c> (manual §4).</summary>
internal static class Phase7EModel
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
                t.HasCheckConstraint("ck_client_activity_events_event_type", $"event_type IN ({EventVocabulary.EventTypes})");
                t.HasCheckConstraint("ck_client_activity_events_object_type", $"object_type IN ({EventVocabulary.ObjectTypes})");
                t.HasCheckConstraint("ck_client_activity_events_severity", $"severity IS NULL OR severity IN ({EventVocabulary.Severities})");
                t.HasCheckConstraint("ck_client_activity_events_metadata_object", "metadata_json IS NULL OR jsonb_typeof(metadata_json) = 'object'");
            });
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
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
            // The manual's primary index: every analytics query is "one tenant, newest first".
            e.HasIndex(x => new { x.TenantId, x.Timestamp })
                .IsDescending(false, true)
                .HasDatabaseName("ix_client_activity_events_tenant_timestamp");
            e.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        });
    }
}

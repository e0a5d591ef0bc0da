using Microsoft.EntityFrameworkCore;

namespace VectorVue.MigrationService.Data;

/// <summary>Delivery: the dead-letter table of the stream worker (operational, beside the activity tables and the analytics schema).</summary>
internal static class DeliveryModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<DeadLetter>(e =>
        {
            e.ToTable("dead_letters");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            e.Property(x => x.StreamEntryId).HasColumnName("stream_entry_id").HasMaxLength(64);
            e.Property(x => x.EventId).HasColumnName("event_id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.Reason).HasColumnName("reason");
            e.Property(x => x.ErrorCode).HasColumnName("error_code").HasMaxLength(16);
            e.Property(x => x.DeliveryCount).HasColumnName("delivery_count");
            e.Property(x => x.DeadLetteredAt).HasColumnName("dead_lettered_at").HasDefaultValueSql("now()");
            e.Property(x => x.RedrivenAt).HasColumnName("redriven_at");
            // A crash between recording and acknowledging replays the entry: it is recorded once.
            e.HasIndex(x => x.StreamEntryId).IsUnique().HasDatabaseName("ux_dead_letters_stream_entry_id");
            e.HasIndex(x => x.DeadLetteredAt).HasDatabaseName("ix_dead_letters_waiting").HasFilter("redriven_at IS NULL");
        });
}

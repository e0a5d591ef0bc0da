using Microsoft.EntityFrameworkCore;

namespace VectorVue.MigrationService.Data;

/// <summary>
/// The incremental figures in the <c>analytics</c> schema: one lifecycle row per finding and per remediation, and
/// per-tenant daily counts. The worker maintains them from the events that were new in <c>event_receipts</c>, in
/// the same transaction as the events (docs/storage.md). Every key leads with <c>tenant_id</c>. Object ids compare
/// byte-wise (<c>COLLATE "C"</c>): they are identifiers, as the figures' SQL has always treated them.
/// </summary>
internal static class AnalyticsRollupModel
{
    private const string ByteWise = "C";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FindingLifecycle>(e =>
        {
            e.ToTable("finding_lifecycles", AnalyticsSchemaModel.Schema);
            e.HasKey(x => new { x.TenantId, x.FindingId });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.FindingId).HasColumnName("finding_id").HasMaxLength(128).UseCollation(ByteWise);
            e.Property(x => x.FirstViewedAt).HasColumnName("first_viewed_at");
            e.Property(x => x.FirstViewedCritical).HasColumnName("first_viewed_critical");
            e.Property(x => x.FirstViewedHigh).HasColumnName("first_viewed_high");
            e.Property(x => x.FirstViewedMedium).HasColumnName("first_viewed_medium");
            e.Property(x => x.FirstViewedLow).HasColumnName("first_viewed_low");
            e.Property(x => x.FirstAcknowledgedAt).HasColumnName("first_acknowledged_at");
            // A window's findings are those first viewed in it: one range per scope.
            e.HasIndex(x => new { x.TenantId, x.FirstViewedAt }).HasDatabaseName("ix_finding_lifecycles_first_viewed")
                .HasFilter("first_viewed_at IS NOT NULL");
            e.HasIndex(x => new { x.TenantId, x.FirstViewedCritical }).HasDatabaseName("ix_finding_lifecycles_first_viewed_critical")
                .HasFilter("first_viewed_critical IS NOT NULL");
            e.HasIndex(x => new { x.TenantId, x.FirstViewedHigh }).HasDatabaseName("ix_finding_lifecycles_first_viewed_high")
                .HasFilter("first_viewed_high IS NOT NULL");
            e.HasIndex(x => new { x.TenantId, x.FirstViewedMedium }).HasDatabaseName("ix_finding_lifecycles_first_viewed_medium")
                .HasFilter("first_viewed_medium IS NOT NULL");
            e.HasIndex(x => new { x.TenantId, x.FirstViewedLow }).HasDatabaseName("ix_finding_lifecycles_first_viewed_low")
                .HasFilter("first_viewed_low IS NOT NULL");
        });

        modelBuilder.Entity<RemediationLifecycle>(e =>
        {
            e.ToTable("remediation_lifecycles", AnalyticsSchemaModel.Schema);
            e.HasKey(x => new { x.TenantId, x.RemediationId });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.RemediationId).HasColumnName("remediation_id").HasMaxLength(128).UseCollation(ByteWise);
            e.Property(x => x.FirstOpenedAt).HasColumnName("first_opened_at");
            e.Property(x => x.OpenedSeverity).HasColumnName("opened_severity").HasMaxLength(16);
            e.Property(x => x.FirstCompletedAt).HasColumnName("first_completed_at");
            e.HasIndex(x => new { x.TenantId, x.FirstOpenedAt }).HasDatabaseName("ix_remediation_lifecycles_first_opened")
                .HasFilter("first_opened_at IS NOT NULL");
        });

        modelBuilder.Entity<DailyEventCount>(e =>
        {
            e.ToTable("daily_event_counts", AnalyticsSchemaModel.Schema);
            e.HasKey(x => new { x.TenantId, x.Day, x.EventType, x.Severity, x.Stripe });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Day).HasColumnName("day");
            e.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(32);
            e.Property(x => x.Severity).HasColumnName("severity").HasMaxLength(16).HasDefaultValue("");
            e.Property(x => x.Stripe).HasColumnName("stripe");
            e.Property(x => x.Events).HasColumnName("events");
            e.Property(x => x.EventsWithObject).HasColumnName("events_with_object");
        });

        modelBuilder.Entity<DailyActiveUser>(e =>
        {
            e.ToTable("daily_active_users", AnalyticsSchemaModel.Schema);
            e.HasKey(x => new { x.TenantId, x.Day, x.UserId });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Day).HasColumnName("day");
            e.Property(x => x.UserId).HasColumnName("user_id");
        });

        modelBuilder.Entity<DailyReportDownload>(e =>
        {
            e.ToTable("daily_report_downloads", AnalyticsSchemaModel.Schema);
            e.HasKey(x => new { x.TenantId, x.Day, x.ReportId });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.Day).HasColumnName("day");
            e.Property(x => x.ReportId).HasColumnName("report_id").HasMaxLength(128).UseCollation(ByteWise);
        });
    }
}

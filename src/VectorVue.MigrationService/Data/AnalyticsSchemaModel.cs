using Microsoft.EntityFrameworkCore;
using VectorVue.Contracts;

namespace VectorVue.MigrationService.Data;

/// <summary>
/// The <c>analytics</c> schema: the <c>events</c> view of the stored events that model datasets are built from,
/// feature sets, models and their outputs. The incremental figures live beside them (<see cref="AnalyticsRollupModel"/>).
/// </summary>
internal static class AnalyticsSchemaModel
{
    public const string Schema = "analytics";

    public static void Configure(ModelBuilder modelBuilder)
    {
        // A view over client_activity_events (the migrations' SQL creates it): every event once, append-only through
        // the base table's triggers, with received_at as ingested_at.
        modelBuilder.Entity<AnalyticsEvent>(e =>
        {
            e.ToView("events", Schema);
            StoredEventMapping.Map(e);
            e.Property(x => x.IngestedAt).HasColumnName(EventColumns.IngestedAt.Name);
        });

        modelBuilder.Entity<FeatureSet>(e =>
        {
            e.ToTable("feature_sets", Schema, t =>
                t.HasCheckConstraint("ck_feature_sets_window", "window_name IN ('1h', '24h', '7d', '30d')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.WindowName).HasColumnName("window_name").HasMaxLength(8);
            e.Property(x => x.WindowStart).HasColumnName("window_start");
            e.Property(x => x.WindowEnd).HasColumnName("window_end");
            e.Property(x => x.EventCount).HasColumnName("event_count");
            e.Property(x => x.DatasetHash).HasColumnName("dataset_hash").HasMaxLength(64).IsFixedLength();
            e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            e.HasIndex(x => new { x.TenantId, x.WindowName, x.WindowEnd }).IsUnique()
                .HasDatabaseName("ux_feature_sets_tenant_window");
            e.HasIndex(x => x.DatasetHash).HasDatabaseName("ix_feature_sets_dataset_hash");
        });

        modelBuilder.Entity<Feature>(e =>
        {
            e.ToTable("features", Schema);
            e.HasKey(x => new { x.FeatureSetId, x.Name });
            e.Property(x => x.FeatureSetId).HasColumnName("feature_set_id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.Value).HasColumnName("value");
            e.HasOne<FeatureSet>().WithMany().HasForeignKey(x => x.FeatureSetId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Model>(e =>
        {
            e.ToTable("models", Schema);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.Version).HasColumnName("version").HasMaxLength(50);
            e.Property(x => x.Algorithm).HasColumnName("algorithm").HasMaxLength(100);
            e.Property(x => x.FeatureNamesJson).HasColumnName("feature_names").HasColumnType("jsonb");
            e.Property(x => x.TrainingDatasetHash).HasColumnName("training_dataset_hash").HasMaxLength(64).IsFixedLength();
            e.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
            e.HasIndex(x => new { x.Name, x.Version }).IsUnique().HasDatabaseName("ux_models_name_version");
        });

        modelBuilder.Entity<Prediction>(e =>
        {
            e.ToTable("predictions", Schema);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.ModelId).HasColumnName("model_id");
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.FeatureSetId).HasColumnName("feature_set_id");
            e.Property(x => x.Score).HasColumnName("score");
            e.Property(x => x.Label).HasColumnName("label").HasMaxLength(100);
            e.Property(x => x.ExplanationJson).HasColumnName("explanation").HasColumnType("jsonb");
            e.Property(x => x.PredictedAt).HasColumnName("predicted_at").HasDefaultValueSql("now()");
            e.HasIndex(x => new { x.TenantId, x.PredictedAt }).IsDescending(false, true)
                .HasDatabaseName("ix_predictions_tenant_predicted_at");
            e.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<FeatureSet>().WithMany().HasForeignKey(x => x.FeatureSetId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<ModelHealth>(e =>
        {
            e.ToTable("model_health", Schema, t =>
                t.HasCheckConstraint("ck_model_health_status", "status IN ('healthy', 'degraded', 'failing')"));
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            e.Property(x => x.ModelId).HasColumnName("model_id");
            e.Property(x => x.Metric).HasColumnName("metric").HasMaxLength(100);
            e.Property(x => x.Value).HasColumnName("value");
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
            e.Property(x => x.CheckedAt).HasColumnName("checked_at").HasDefaultValueSql("now()");
            e.HasIndex(x => new { x.ModelId, x.CheckedAt }).IsDescending(false, true)
                .HasDatabaseName("ix_model_health_model_checked_at");
            e.HasOne<Model>().WithMany().HasForeignKey(x => x.ModelId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TenantSecuritySummary>(e =>
        {
            e.ToTable("tenant_security_summary", Schema);
            e.HasKey(x => new { x.TenantId, x.WindowStart, x.WindowEnd });
            e.Property(x => x.TenantId).HasColumnName("tenant_id");
            e.Property(x => x.WindowStart).HasColumnName("window_start");
            e.Property(x => x.WindowEnd).HasColumnName("window_end");
            e.Property(x => x.MttaMinutes).HasColumnName("mtta_minutes");
            e.Property(x => x.MttaCount).HasColumnName("mtta_count");
            e.Property(x => x.MttrHours).HasColumnName("mttr_hours");
            e.Property(x => x.MttrCount).HasColumnName("mttr_count");
            e.Property(x => x.ResponsivenessScore).HasColumnName("responsiveness_score");
            e.Property(x => x.DetailsJson).HasColumnName("details").HasColumnType("jsonb");
            e.Property(x => x.ComputedAt).HasColumnName("computed_at").HasDefaultValueSql("now()");
        });
    }
}

namespace VectorVue.MigrationService.Data;

/// <summary>Phase 8: the append-only copy of every stored event that model datasets are built from.</summary>
public sealed class AnalyticsEvent : IEventRow
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? UserId { get; set; }
    public required string EventType { get; set; }
    public required string ObjectType { get; set; }
    public string? ObjectId { get; set; }
    public string? Severity { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? MetadataJson { get; set; }
    public DateTimeOffset IngestedAt { get; set; }
}

/// <summary>Phase 8: a per-tenant feature set over one window, identified by the hash of its canonical form.</summary>
public sealed class FeatureSet
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string WindowName { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public int EventCount { get; set; }
    public required string DatasetHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Phase 8: one named numeric feature of a <see cref="FeatureSet"/>.</summary>
public sealed class Feature
{
    public Guid FeatureSetId { get; set; }
    public required string Name { get; set; }
    public double Value { get; set; }
}

/// <summary>Phase 8: a registered defensive-effectiveness model.</summary>
public sealed class Model
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Version { get; set; }
    public required string Algorithm { get; set; }
    public string? FeatureNamesJson { get; set; }
    public string? TrainingDatasetHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Phase 8: a model's output for one tenant and feature set.</summary>
public sealed class Prediction
{
    public Guid Id { get; set; }
    public Guid ModelId { get; set; }
    public Guid TenantId { get; set; }
    public Guid? FeatureSetId { get; set; }
    public double Score { get; set; }
    public string? Label { get; set; }
    public string? ExplanationJson { get; set; }
    public DateTimeOffset PredictedAt { get; set; }
}

/// <summary>Phase 8: a health measurement of a model (drift, accuracy, freshness).</summary>
public sealed class ModelHealth
{
    public long Id { get; set; }
    public Guid ModelId { get; set; }
    public required string Metric { get; set; }
    public double Value { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
}

/// <summary>Phase 8: the latest computed security posture figures of a tenant over a window.</summary>
public sealed class TenantSecuritySummary
{
    public Guid TenantId { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public double? MttaMinutes { get; set; }
    public int MttaCount { get; set; }
    public double? MttrHours { get; set; }
    public int MttrCount { get; set; }
    public double? ResponsivenessScore { get; set; }
    public string? DetailsJson { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}

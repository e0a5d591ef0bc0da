namespace VectorVue.MigrationService.Data;

/// <summary>A stored event as the <c>analytics.events</c> view shows it, that model datasets are built from.</summary>
public sealed class AnalyticsEvent : StoredEvent
{
    public DateTimeOffset IngestedAt { get; set; }
}

/// <summary>A per-tenant feature set over one window, identified by the hash of its canonical form.</summary>
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

/// <summary>One named numeric feature of a <see cref="FeatureSet"/>.</summary>
public sealed class Feature
{
    public Guid FeatureSetId { get; set; }
    public required string Name { get; set; }
    public double Value { get; set; }
}

/// <summary>A registered defensive-effectiveness model.</summary>
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

/// <summary>A model's output for one tenant and feature set.</summary>
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

/// <summary>A health measurement of a model (drift, accuracy, freshness).</summary>
public sealed class ModelHealth
{
    public long Id { get; set; }
    public Guid ModelId { get; set; }
    public required string Metric { get; set; }
    public double Value { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset CheckedAt { get; set; }
}

/// <summary>The latest computed security posture figures of a tenant over a window.</summary>
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

namespace VectorVue.MigrationService.Data;

/// <summary>The append-only copy of a stored event in <c>analytics.events</c>, that model datasets are built from.</summary>
public sealed class AnalyticsEvent : StoredEvent
{
    public DateTimeOffset IngestedAt { get; set; }
}

using System.Diagnostics.Metrics;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>Counters of accepted and rejected events, by reason and tenant (never by anything about the caller).</summary>
internal sealed class IngestionMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(VectorVueTelemetry.MeterName);
        _accepted = meter.CreateCounter<long>("vectorvue.ingest.events.accepted", "{event}", "Events accepted into the queue.");
        _rejected = meter.CreateCounter<long>("vectorvue.ingest.events.rejected", "{event}", "Events refused, by reason.");
    }

    public void Accepted(Guid tenantId, string eventType) =>
        _accepted.Add(1, new KeyValuePair<string, object?>("tenant.id", tenantId.ToString()),
            new KeyValuePair<string, object?>("event.type", eventType));

    public void Rejected(string reason, Guid? tenantId) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason),
            new KeyValuePair<string, object?>("tenant.id", tenantId?.ToString() ?? "none"));
}

using System.Diagnostics.Metrics;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>Counters of accepted and rejected events, by reason and tenant (never by anything about the caller).</summary>
internal sealed class IngestionMetrics : IRejectionCounter
{
    private readonly Counter<long> _accepted;
    private readonly RejectionCounter _rejected;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _metadataKeysDropped;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(VectorVueTelemetry.MeterName);
        _accepted = meter.CreateCounter<long>("vectorvue.ingest.events.accepted", "{event}", "Events accepted into the queue.");
        _rejected = new RejectionCounter(meter, "vectorvue.ingest.events.rejected", "{event}", "Events refused, by reason.");
        _rateLimited = meter.CreateCounter<long>("vectorvue.ingest.rate_limit.hits", "{request}", "Requests refused by a rate limit, by scope.");
        _metadataKeysDropped = meter.CreateCounter<long>("vectorvue.ingest.metadata.keys_dropped", "{key}",
            "metadata_json keys removed by sanitization (client identity or input, IP values, over the limits).");
    }

    public void Accepted(Guid tenantId, string eventType) =>
        _accepted.Add(1, new KeyValuePair<string, object?>("tenant.id", tenantId.ToString()),
            new KeyValuePair<string, object?>("event.type", eventType));

    void IRejectionCounter.Rejected(string reason, Guid? tenantId) => Rejected(reason, tenantId);

    public void Rejected(string reason, Guid? tenantId, int events = 1) => _rejected.Add(reason, tenantId, events);

    public void MetadataKeysDropped(Guid tenantId, int keys)
    {
        if (keys > 0)
        {
            _metadataKeysDropped.Add(keys, new KeyValuePair<string, object?>("tenant.id", tenantId.ToString()));
        }
    }

    public void RateLimited(Guid tenantId, string scope, int events)
    {
        _rateLimited.Add(1, new KeyValuePair<string, object?>("scope", scope),
            new KeyValuePair<string, object?>("tenant.id", tenantId.ToString()));
        Rejected(RejectionReason.RateLimited, tenantId, events);
    }
}

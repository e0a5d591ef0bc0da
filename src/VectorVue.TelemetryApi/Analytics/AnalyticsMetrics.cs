using System.Diagnostics.Metrics;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>Analytics requests answered and refused, by endpoint, reason and tenant.</summary>
internal sealed class AnalyticsMetrics : IRejectionCounter
{
    private readonly Counter<long> _served;
    private readonly RejectionCounter _rejected;

    public AnalyticsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(VectorVueTelemetry.MeterName);
        _served = meter.CreateCounter<long>("vectorvue.analytics.requests.served", "{request}", "Analytics requests answered with figures, by endpoint.");
        _rejected = new RejectionCounter(meter, "vectorvue.analytics.requests.rejected", "{request}", "Analytics requests refused, by reason.");
    }

    public void Served(string endpoint, Guid tenantId) =>
        _served.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint),
            new KeyValuePair<string, object?>("tenant.id", tenantId.ToString()));

    public void Rejected(string reason, Guid? tenantId) => _rejected.Add(reason, tenantId);
}

/// <summary>Marks the analytics endpoints so that token refusals are counted as analytics refusals.</summary>
internal sealed class AnalyticsRejections : IRejectionCounterSource
{
    public static readonly AnalyticsRejections Instance = new();

    public IRejectionCounter Resolve(IServiceProvider services) => services.GetRequiredService<AnalyticsMetrics>();
}

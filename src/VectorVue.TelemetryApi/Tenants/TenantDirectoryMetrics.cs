using System.Diagnostics.Metrics;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>What an operator needs to see of the tenant directory: stale answers during an outage, failed look-ups, evictions.</summary>
internal sealed class TenantDirectoryMetrics
{
    private readonly Counter<long> _staleServed;
    private readonly Counter<long> _lookupsFailed;
    private readonly Counter<long> _evicted;

    public TenantDirectoryMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(VectorVueTelemetry.MeterName);
        _staleServed = meter.CreateCounter<long>("vectorvue.tenants.stale_served", "{request}",
            "Requests answered from a tenant's last known state, past its cache lifetime, because the database could not be reached.");
        _lookupsFailed = meter.CreateCounter<long>("vectorvue.tenants.lookups.failed", "{lookup}",
            "Tenant look-ups that failed or timed out, by reason (timeout, unreachable, error).");
        _evicted = meter.CreateCounter<long>("vectorvue.tenants.cache.evicted", "{entry}",
            "Tenant/user states forgotten because the cache was full (VectorVue:Tenants:MaxEntries).");
    }

    public void StaleServed(Guid tenantId) =>
        _staleServed.Add(1, new KeyValuePair<string, object?>("tenant.id", tenantId.ToString()));

    public void LookupFailed(string reason) =>
        _lookupsFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Evicted(int entries)
    {
        if (entries > 0)
        {
            _evicted.Add(entries);
        }
    }
}

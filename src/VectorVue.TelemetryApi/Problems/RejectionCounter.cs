using System.Diagnostics.Metrics;

namespace VectorVue.TelemetryApi.Problems;

/// <summary>
/// The instrument an API surface counts its refusals with, tagged by reason and tenant (<c>none</c> before the
/// tenant is known) and never by anything about the caller.
/// </summary>
internal sealed class RejectionCounter(Meter meter, string name, string unit, string description)
{
    private readonly Counter<long> _rejected = meter.CreateCounter<long>(name, unit, description);

    public void Add(string reason, Guid? tenantId, int count = 1) =>
        _rejected.Add(count, new KeyValuePair<string, object?>("reason", reason),
            new KeyValuePair<string, object?>("tenant.id", tenantId?.ToString() ?? "none"));
}

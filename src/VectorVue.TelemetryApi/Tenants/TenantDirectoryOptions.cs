using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>Caching of tenant and user look-ups (docs/ingestion-contract.md, "Identity"). Bound from <c>VectorVue:Tenants</c>.</summary>
public sealed class TenantDirectoryOptions
{
    public const string SectionName = "VectorVue:Tenants";

    /// <summary>How long a found tenant (and its user) is remembered; deactivation takes effect within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an unknown tenant or user is remembered; a new tenant becomes usable within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How old (since the database last confirmed it) a remembered state may be and still be served while the
    /// database cannot be reached; past it, or for a tenant never looked up, the API answers 503.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromHours(6);

    /// <summary>The most tenant/user states remembered; the least recently used one is forgotten beyond it.</summary>
    [Range(100, 10_000_000)]
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>
    /// How long one look-up may take (connecting included) before the database counts as unreachable. Only the
    /// look-ups that find an outage, and the probes during one, wait this long; generous, so that a slow first
    /// connection of a starting process on a busy machine is not taken for an outage.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While the database is unreachable, how often one look-up tries it again; meanwhile no request waits for a
    /// look-up: remembered states are served, tenants never looked up get 503 at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan OutageProbeInterval { get; set; } = TimeSpan.FromSeconds(5);
}

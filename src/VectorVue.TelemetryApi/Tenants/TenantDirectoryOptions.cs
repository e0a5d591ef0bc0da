using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>Caching of tenant and user look-ups. Bound from <c>VectorVue:Tenants</c>.</summary>
public sealed class TenantDirectoryOptions
{
    public const string SectionName = "VectorVue:Tenants";

    /// <summary>How long a found tenant (and its user) is remembered; deactivation takes effect within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an unknown tenant or user is remembered; a new tenant becomes usable within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(3);
}

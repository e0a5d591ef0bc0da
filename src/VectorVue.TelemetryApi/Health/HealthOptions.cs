using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.Health;

/// <summary>How <c>/health</c> answers. Bound from <c>VectorVue:Health</c>.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "VectorVue:Health";

    /// <summary>
    /// How long a dependency check's result (PostgreSQL, Redis) is reused: <c>/health</c> is on the public
    /// ingress, so however often it is called it costs each dependency at most one check per this interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ResultLifetime { get; set; } = TimeSpan.FromSeconds(5);
}

using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>The tenant analytics endpoints. Bound from <c>VectorVue:Analytics</c>.</summary>
public sealed class AnalyticsOptions
{
    public const string SectionName = "VectorVue:Analytics";

    /// <summary>The window when a request names neither <c>from</c> nor <c>from</c>/<c>to</c>: this many days back from <c>to</c>.</summary>
    [Range(1, 3660)]
    public int DefaultWindowDays { get; set; } = 90;

    /// <summary>The longest window a request may ask for (bounds the rows one request reads).</summary>
    [Range(1, 3660)]
    public int MaxWindowDays { get; set; } = 366;
}

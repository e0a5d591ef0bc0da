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

    /// <summary>
    /// PostgreSQL connections the analytics queries of one API process may hold: a pool of their own, so slow
    /// summaries wait for each other, never for the connections the tenant look-ups of ingestion use.
    /// </summary>
    [Range(1, 100)]
    public int MaxConnections { get; set; } = 10;

    /// <summary>The longest an analytics query may run before PostgreSQL cancels it (503 <c>analytics_unavailable</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Analytics requests one tenant (all its users, every API replica) may make per <see cref="RequestWindow"/>.</summary>
    [Range(1, 1_000_000)]
    public int RequestLimit { get; set; } = 60;

    /// <summary>The sliding window of <see cref="RequestLimit"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RequestWindow { get; set; } = TimeSpan.FromMinutes(1);
}

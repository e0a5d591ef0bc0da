using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// Rate limits: the event limits, shared by every API replica through Redis, and each replica's parse budget.
/// Bound from <c>VectorVue:RateLimiting</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "VectorVue:RateLimiting";

    /// <summary>Length of the sliding window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Events one user of one tenant may send per window (the original portal's 120 per minute).</summary>
    [Range(1, 10_000_000)]
    public int UserLimit { get; set; } = 120;

    /// <summary>Events one tenant, all users together, may send per window.</summary>
    [Range(1, 100_000_000)]
    public int TenantLimit { get; set; } = 6_000;

    /// <summary>
    /// Bytes of request bodies one caller (tenant + user) may make one API replica read per <see cref="Window"/> without
    /// any of it being accepted (malformed, too large, invalid, over a limit); once spent, its requests get 429
    /// (scope <c>parse_budget</c>) before their body is read. At least <c>Ingestion:MaxBatchBodyBytes</c>.
    /// </summary>
    [Range(1024, int.MaxValue)]
    public int ParseBudgetBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary><c>Retry-After</c> seconds sent with 503 when Redis cannot make the decision.</summary>
    [Range(1, 3600)]
    public int UnavailableRetryAfterSeconds { get; set; } = 5;
}

using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Queue;

/// <summary>What the admission script decided for one request.</summary>
internal enum AdmissionOutcome
{
    /// <summary>Within both limits and under the high-water mark: the entry is in the stream.</summary>
    Accepted,

    /// <summary>A rate limit refused the request (<see cref="Admission.Limits"/> says which and until when).</summary>
    RateLimited,

    /// <summary>The shard's queued events plus these would pass the high-water mark.</summary>
    QueueFull,
}

/// <param name="Outcome">The decision.</param>
/// <param name="Limits">The rate limits' answer (for the <c>RateLimit-*</c> headers); null when the queue was full.</param>
/// <param name="EntryId">The stream entry's id when accepted.</param>
internal sealed record Admission(AdmissionOutcome Outcome, RateLimitDecision? Limits, string? EntryId);

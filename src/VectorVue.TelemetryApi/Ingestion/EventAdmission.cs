using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// Admits events under the distributed rate limits: 429 with <c>Retry-After</c> when a limit is reached, 503 when
/// Redis cannot decide (never a silent pass). A batch is admitted or refused as a whole.
/// </summary>
internal sealed partial class EventAdmission(
    SlidingWindowLimiter limiter,
    QueuePressure pressure,
    IngestionMetrics metrics,
    IOptions<RateLimitOptions> options,
    IOptions<IngestionOptions> ingestionOptions,
    ILogger<EventAdmission> logger)
{
    /// <returns>Null when admitted, otherwise the problem to answer with.</returns>
    public async Task<ProblemHttpResult?> AdmitAsync(HttpResponse response, Caller caller, int count, CancellationToken cancellationToken)
    {
        if (pressure.IsOverHighWaterMark)
        {
            metrics.Rejected(RejectionReason.QueueFull, caller.TenantId, count);
            return ApiProblems.Unavailable(response, "The event queue is over its high-water mark while the workers catch up.",
                RejectionReason.QueueFull, ingestionOptions.Value.QueueUnavailableRetryAfterSeconds);
        }

        RateLimitDecision decision;
        try
        {
            decision = await limiter.AcquireAsync(caller.TenantId, caller.Username, count, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogLimiterUnavailable(logger, ex, caller.TenantId);
            metrics.Rejected(RejectionReason.RateLimiterUnavailable, caller.TenantId, count);
            return ApiProblems.Unavailable(response, "The rate limiter cannot decide right now.",
                RejectionReason.RateLimiterUnavailable, options.Value.UnavailableRetryAfterSeconds);
        }

        RateLimitHeaders.Apply(response, decision);
        if (decision.Allowed)
        {
            return null;
        }

        metrics.RateLimited(caller.TenantId, decision.Scope!, count);
        return IngestionProblems.RateLimited(
            decision.Scope!, decision.Limit, options.Value.Window, RateLimitHeaders.Seconds(decision.RetryAfter));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiter unavailable; answered 503 to tenant {TenantId}")]
    private static partial void LogLimiterUnavailable(ILogger logger, Exception exception, Guid tenantId);
}

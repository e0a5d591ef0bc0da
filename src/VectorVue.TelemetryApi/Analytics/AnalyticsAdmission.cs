using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>
/// Each tenant's analytics request limit (<see cref="AnalyticsOptions.RequestLimit"/> per
/// <see cref="AnalyticsOptions.RequestWindow"/>, all its users and every API replica together): 429 with
/// <c>Retry-After</c> when it is reached, 503 when Redis cannot decide (never a silent pass).
/// </summary>
internal sealed partial class AnalyticsAdmission(
    ITenantRequestLimiter limiter,
    AnalyticsMetrics metrics,
    IOptions<AnalyticsOptions> options,
    IOptions<RateLimitOptions> rateLimitOptions,
    ILogger<AnalyticsAdmission> logger)
{
    /// <summary>The problem's <c>scope</c> and the limit's key.</summary>
    public const string Scope = "analytics";

    /// <returns>Null when admitted, otherwise the problem to answer with.</returns>
    public async Task<ProblemHttpResult?> AdmitAsync(HttpResponse response, Guid tenantId, CancellationToken cancellationToken)
    {
        var limit = options.Value;
        RateLimitDecision decision;
        try
        {
            decision = await limiter.AcquireAsync(Scope, tenantId, limit.RequestLimit, limit.RequestWindow, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogLimiterUnavailable(logger, ex, tenantId);
            metrics.Rejected(RejectionReason.RateLimiterUnavailable, tenantId);
            return ApiProblems.Unavailable(response, "The rate limiter cannot decide right now.",
                RejectionReason.RateLimiterUnavailable, rateLimitOptions.Value.UnavailableRetryAfterSeconds);
        }

        RateLimitHeaders.Apply(response, decision);
        if (decision.Allowed)
        {
            return null;
        }

        metrics.Rejected(RejectionReason.RateLimited, tenantId);
        var retryAfter = RateLimitHeaders.Seconds(decision.RetryAfter);
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"The {Scope} limit of {decision.Limit} requests per {limit.RequestWindow.TotalSeconds:0} s is reached; retry after {retryAfter} s.",
            RejectionReason.RateLimited, Scope);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiter unavailable; answered 503 on analytics to tenant {TenantId}")]
    private static partial void LogLimiterUnavailable(ILogger logger, Exception exception, Guid tenantId);
}

using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// Admits a request's events and queues them in one Redis round trip (<see cref="AdmissionScript"/>), and answers
/// what it decided: 429 with <c>Retry-After</c> when a limit is reached, 503 <c>queue_full</c> over the shard's
/// high-water mark, 503 <c>queue_unavailable</c> when Redis cannot decide (never a silent pass). A batch is admitted
/// or refused as a whole.
/// </summary>
internal sealed partial class EventAdmission(
    AdmissionScript script,
    IngestionMetrics metrics,
    IOptions<RateLimitOptions> options,
    IOptions<IngestionOptions> ingestionOptions,
    ILogger<EventAdmission> logger)
{
    /// <summary>
    /// Admits the <paramref name="count"/> events of <paramref name="caller"/>'s request and queues their entry, made by
    /// <paramref name="entry"/> from the trace context it is to carry; writes the <c>RateLimit-*</c> headers.
    /// </summary>
    /// <returns>The problem to answer with, or null when the events are in the stream.</returns>
    public async Task<ProblemHttpResult?> AdmitAsync(
        HttpResponse response, Caller caller, int count, Func<ActivityContext, QueueEntry> entry, CancellationToken cancellationToken)
    {
        Admission admission;
        try
        {
            admission = await script.AdmitAsync(caller.TenantId, caller.Username, entry, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogQueueUnavailable(logger, ex, caller.TenantId, count);
            metrics.Rejected(RejectionReason.QueueUnavailable, caller.TenantId, count);
            return ApiProblems.Unavailable(response, "The event queue cannot accept events right now.",
                RejectionReason.QueueUnavailable, ingestionOptions.Value.QueueUnavailableRetryAfterSeconds);
        }

        if (admission.Outcome == AdmissionOutcome.QueueFull)
        {
            metrics.Rejected(RejectionReason.QueueFull, caller.TenantId, count);
            return ApiProblems.Unavailable(response, "The event queue is over its high-water mark while the workers catch up.",
                RejectionReason.QueueFull, ingestionOptions.Value.QueueUnavailableRetryAfterSeconds);
        }

        var decision = admission.Limits!;
        RateLimitHeaders.Apply(response, decision);
        if (decision.Allowed)
        {
            return null;
        }

        metrics.RateLimited(caller.TenantId, decision.Scope!, count);
        return IngestionProblems.RateLimited(
            decision.Scope!, decision.Limit, options.Value.Window, RateLimitHeaders.Seconds(decision.RetryAfter));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event queue unavailable; answered 503 to {Count} event(s) of tenant {TenantId}")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception, Guid tenantId, int count);
}

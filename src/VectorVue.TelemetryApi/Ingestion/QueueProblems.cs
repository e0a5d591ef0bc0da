using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The 503 answered when Redis would not take the events: never a 202 for an event not in the stream.</summary>
internal static class QueueProblems
{
    public static ProblemHttpResult Unavailable(HttpContext http, IngestionMetrics metrics, Guid tenantId, IngestionOptions options, int events)
    {
        var retryAfter = options.QueueUnavailableRetryAfterSeconds;
        metrics.Rejected(RejectionReason.QueueUnavailable, tenantId, events);
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return IngestionProblems.Unavailable("The event queue cannot accept events right now.", RejectionReason.QueueUnavailable, retryAfter);
    }
}

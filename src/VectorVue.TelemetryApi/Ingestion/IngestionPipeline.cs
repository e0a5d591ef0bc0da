using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.Queue;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// The steps both ingestion endpoints take, in the order a request meets them: the caller and the JSON body
/// (<see cref="ReadAsync"/>), the field rules, admission under the limits, the queue, and the 503 when the queue
/// will not take the events.
/// </summary>
internal sealed class IngestionPipeline(
    CallerResolver callers,
    JsonBodyReader bodies,
    ClientEventParser parser,
    EventAdmission admission,
    EventQueue queue,
    IngestionMetrics metrics,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider)
{
    public ClientEventParser Parser => parser;

    public EventAdmission Admission => admission;

    public EventQueue Queue => queue;

    public IngestionMetrics Metrics => metrics;

    public IngestionOptions Limits => options.Value;

    /// <summary>
    /// Notes when the request arrived, then resolves the caller and reads a JSON body of at most
    /// <paramref name="bodyLimit"/> bytes nested at most <paramref name="maxDepth"/> deep.
    /// </summary>
    public async Task<Outcome<IngestionRequest>> ReadAsync(HttpContext http, int bodyLimit, int maxDepth, CancellationToken cancellationToken)
    {
        var receivedAt = timeProvider.GetUtcNow();
        var caller = await callers.ResolveAsync(http, metrics, cancellationToken);
        if (caller.Failed)
        {
            return caller.Problem!;
        }

        var document = await bodies.ReadAsync(http.Request, bodyLimit, maxDepth, caller.Value!, cancellationToken);
        if (document.Failed)
        {
            return document.Problem!;
        }

        return new IngestionRequest(caller.Value!, document.Value!, receivedAt);
    }

    /// <summary>The 503 answered when Redis would not take the events: never a 202 for an event not in the stream.</summary>
    public ProblemHttpResult QueueUnavailable(HttpResponse response, Guid tenantId, int events)
    {
        metrics.Rejected(RejectionReason.QueueUnavailable, tenantId, events);
        return ApiProblems.Unavailable(response, "The event queue cannot accept events right now.",
            RejectionReason.QueueUnavailable, options.Value.QueueUnavailableRetryAfterSeconds);
    }
}

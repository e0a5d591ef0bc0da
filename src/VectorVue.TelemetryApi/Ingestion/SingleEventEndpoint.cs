using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Queue;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary><c>POST /api/v1/client/events</c>: one event; 202 only once it is in the stream.</summary>
internal static partial class SingleEventEndpoint
{
    public static async Task<Results<Accepted<AcceptedEvent>, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        [AsParameters] IngestionServices services,
        CancellationToken cancellationToken)
    {
        var (callers, bodies, parser, admission, queue, metrics, options, timeProvider, logger) = services;
        var receivedAt = timeProvider.GetUtcNow();
        var caller = await callers.ResolveAsync(http, metrics, cancellationToken);
        if (caller.Failed)
        {
            return caller.Problem!;
        }

        var document = await bodies.ReadAsync(
            http.Request, options.Value.MaxEventBodyBytes, options.Value.MaxJsonDepth, caller.Value!, cancellationToken);
        if (document.Failed)
        {
            return document.Problem!;
        }

        EventParseResult parsed;
        using (document.Value)
        {
            parsed = parser.Parse(document.Value!.RootElement, receivedAt);
        }

        if (!parsed.IsValid)
        {
            metrics.Rejected(RejectionReason.InvalidFields, caller.Value!.TenantId);
            return IngestionProblems.InvalidFields(parsed.Errors);
        }

        metrics.MetadataKeysDropped(caller.Value!.TenantId, parsed.Event!.DroppedMetadataKeys);
        if (await admission.AdmitAsync(http.Response, caller.Value!, count: 1, cancellationToken) is { } refused)
        {
            return refused;
        }

        var queued = QueuedEventFactory.Create(caller.Value!, parsed.Event!, receivedAt);
        try
        {
            await queue.EnqueueAsync(queued, cancellationToken);
        }
        catch (QueueUnavailableException ex)
        {
            LogQueueUnavailable(logger, ex, queued.TenantId);
            return QueueProblems.Unavailable(http, metrics, queued.TenantId, options.Value, events: 1);
        }

        metrics.Accepted(queued.TenantId, queued.EventType);
        return TypedResults.Accepted((string?)null, new AcceptedEvent(true, queued.Id));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event queue unavailable; answered 503 to tenant {TenantId}")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception, Guid tenantId);
}

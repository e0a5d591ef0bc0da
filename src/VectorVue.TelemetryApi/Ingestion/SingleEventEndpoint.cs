using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary><c>POST /api/v1/client/events</c>: one event; 202 only once it is in the stream.</summary>
internal sealed partial class SingleEventEndpoint(IngestionPipeline pipeline, ILogger<SingleEventEndpoint> logger)
    : IIngestionEndpoint<AcceptedEvent>
{
    public async Task<Results<Accepted<AcceptedEvent>, ProblemHttpResult>> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var metrics = pipeline.Metrics;
        var read = await pipeline.ReadAsync(http, pipeline.Limits.MaxEventBodyBytes, pipeline.Limits.MaxJsonDepth, cancellationToken);
        if (read.Failed)
        {
            return read.Problem!;
        }

        EventParseResult parsed;
        var request = read.Value!;
        using (request)
        {
            parsed = pipeline.Parser.Parse(request.Body.RootElement, request.ReceivedAt);
        }

        if (!parsed.IsValid)
        {
            metrics.Rejected(RejectionReason.InvalidFields, request.TenantId);
            return IngestionProblems.InvalidFields(parsed.Errors);
        }

        metrics.MetadataKeysDropped(request.TenantId, parsed.Event!.DroppedMetadataKeys);
        if (await pipeline.Admission.AdmitAsync(http.Response, request.Caller, count: 1, cancellationToken) is { } refused)
        {
            return refused;
        }

        var queued = QueuedEventFactory.Create(request.Caller, parsed.Event!, request.ReceivedAt);
        try
        {
            await pipeline.Queue.EnqueueAsync(queued, cancellationToken);
        }
        catch (QueueUnavailableException ex)
        {
            LogQueueUnavailable(logger, ex, queued.TenantId);
            return pipeline.QueueUnavailable(http.Response, queued.TenantId, events: 1);
        }

        metrics.Accepted(queued.TenantId, queued.EventType);
        return TypedResults.Accepted((string?)null, new AcceptedEvent(true, queued.Id));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event queue unavailable; answered 503 to tenant {TenantId}")]
    private static partial void LogQueueUnavailable(ILogger logger, Exception exception, Guid tenantId);
}

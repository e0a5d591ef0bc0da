using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary><c>POST /api/v1/client/events</c>: one event, one stream entry; 202 only once it is in the stream.</summary>
internal sealed class SingleEventEndpoint(IngestionPipeline pipeline)
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
        var queued = QueuedEventFactory.Create(request.Caller, parsed.Event!, request.ReceivedAt);
        if (await pipeline.Admission.AdmitAsync(
                http.Response, request.Caller, count: 1, trace => QueueEntry.Single(queued, trace), cancellationToken) is { } refused)
        {
            return refused;
        }

        metrics.Accepted(queued.TenantId, queued.EventType);
        return TypedResults.Accepted((string?)null, new AcceptedEvent(true, queued.Id));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.Contracts;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// <c>POST /api/v1/client/events/batch</c>: each event is validated on its own, so valid events are never dropped
/// because a neighbour is invalid. The valid ones are rate-limited as a whole (one unit per event) and enqueued in
/// one round trip; the answer lists every event's id or rejection reason, in the order sent.
/// </summary>
internal sealed partial class BatchEndpoint(IngestionPipeline pipeline, ILogger<BatchEndpoint> logger)
    : IIngestionEndpoint<BatchAccepted>
{
    public async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (metrics, limits) = (pipeline.Metrics, pipeline.Limits);
        var read = await pipeline.ReadAsync(
            http, limits.MaxBatchBodyBytes, limits.MaxJsonDepth + IngestionOptions.BatchEnvelopeDepth, cancellationToken);
        if (read.Failed)
        {
            return read.Problem!;
        }

        var request = read.Value!;
        var (tenantId, receivedAt) = (request.TenantId, request.ReceivedAt);
        var results = new List<BatchEventResult>();
        var valid = new List<(int Index, QueuedEvent Event)>();
        using (request)
        {
            var envelopeErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var envelope = BatchEnvelope.Read(
                request.Body.RootElement, limits.MaxBatchEvents, limits.MaxEventAge, receivedAt, envelopeErrors);
            if (envelope is null)
            {
                metrics.Rejected(RejectionReason.InvalidFields, tenantId);
                return IngestionProblems.InvalidBatch(envelopeErrors, []);
            }

            for (var i = 0; i < envelope.Events.Length; i++)
            {
                var parsed = pipeline.Parser.Parse(envelope.Events[i], receivedAt, envelope.ClockCorrection);
                if (parsed.IsValid)
                {
                    metrics.MetadataKeysDropped(tenantId, parsed.Event!.DroppedMetadataKeys);
                    valid.Add((i, QueuedEventFactory.Create(request.Caller, parsed.Event!, receivedAt)));
                    results.Add(null!);
                }
                else
                {
                    metrics.Rejected(RejectionReason.InvalidFields, tenantId);
                    results.Add(new BatchEventResult(i, BatchEventResult.RejectedStatus,
                        Reason: RejectionReason.InvalidFields, Errors: parsed.Errors));
                }
            }
        }

        if (valid.Count == 0)
        {
            return IngestionProblems.InvalidBatch(new Dictionary<string, string[]>(), results);
        }

        if (await pipeline.Admission.AdmitAsync(http.Response, request.Caller, valid.Count, cancellationToken) is { } refused)
        {
            return refused;
        }

        var stored = await pipeline.Queue.EnqueueManyAsync([.. valid.Select(v => v.Event)], cancellationToken);
        var accepted = 0;
        for (var i = 0; i < valid.Count; i++)
        {
            var (index, queued) = valid[i];
            if (stored[i])
            {
                accepted++;
                metrics.Accepted(tenantId, queued.EventType);
                results[index] = new BatchEventResult(index, BatchEventResult.AcceptedStatus, EventId: queued.Id);
            }
            else
            {
                results[index] = new BatchEventResult(index, BatchEventResult.RejectedStatus, Reason: RejectionReason.QueueUnavailable);
            }
        }

        if (accepted == 0)
        {
            LogQueueUnavailable(logger, tenantId, valid.Count);
            return pipeline.QueueUnavailable(http.Response, tenantId, valid.Count);
        }

        if (accepted < valid.Count)
        {
            metrics.Rejected(RejectionReason.QueueUnavailable, tenantId, valid.Count - accepted);
        }

        return TypedResults.Accepted((string?)null, new BatchAccepted(accepted, results.Count - accepted, results));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event queue unavailable; answered 503 to a batch of {Count} events of tenant {TenantId}")]
    private static partial void LogQueueUnavailable(ILogger logger, Guid tenantId, int count);
}

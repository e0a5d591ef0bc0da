using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.Contracts;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.Queue;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// <c>POST /api/v1/client/events/batch</c>: each event is validated on its own, so valid events are never dropped
/// because a neighbour is invalid. The valid ones are admitted as a whole (one rate-limit unit per event) and queued
/// as one stream entry in the same round trip; the answer lists every event's id or rejection reason, in the order sent.
/// </summary>
internal sealed class BatchEndpoint(IngestionPipeline pipeline)
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

        QueuedEvent[] events = [.. valid.Select(v => v.Event)];
        if (await pipeline.Admission.AdmitAsync(
                http.Response, request.Caller, events.Length, trace => QueueEntry.Batch(events, trace), cancellationToken) is { } refused)
        {
            return refused;
        }

        foreach (var (index, queued) in valid)
        {
            metrics.Accepted(tenantId, queued.EventType);
            results[index] = new BatchEventResult(index, BatchEventResult.AcceptedStatus, EventId: queued.Id);
        }

        var accepted = valid.Count;
        return TypedResults.Accepted((string?)null, new BatchAccepted(accepted, results.Count - accepted, results));
    }
}

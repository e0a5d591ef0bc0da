using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// <c>POST /api/v1/client/events/batch</c>: each event is validated on its own, so valid events are never dropped
/// because a neighbour is invalid. The valid ones are rate-limited as a whole (one unit per event) and enqueued in
/// one round trip; the answer lists every event's id or rejection reason, in the order sent.
/// </summary>
internal static partial class BatchEndpoint
{
    public static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> HandleAsync(
        HttpContext http,
        [AsParameters] IngestionServices services,
        CancellationToken cancellationToken)
    {
        var (callers, bodies, parser, admission, queue, metrics, options, timeProvider, logger) = services;
        var receivedAt = timeProvider.GetUtcNow();
        var limits = options.Value;
        var caller = await callers.ResolveAsync(http, metrics, cancellationToken);
        if (caller.Failed)
        {
            return caller.Problem!;
        }

        var tenantId = caller.Value!.TenantId;
        var document = await bodies.ReadAsync(
            http.Request, limits.MaxBatchBodyBytes, limits.MaxJsonDepth + IngestionOptions.BatchEnvelopeDepth, caller.Value, cancellationToken);
        if (document.Failed)
        {
            return document.Problem!;
        }

        var results = new List<BatchEventResult>();
        var valid = new List<(int Index, QueuedEvent Event)>();
        using (document.Value)
        {
            var envelopeErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var envelope = BatchEnvelope.Read(
                document.Value!.RootElement, limits.MaxBatchEvents, limits.MaxEventAge, receivedAt, envelopeErrors);
            if (envelope is null)
            {
                metrics.Rejected(RejectionReason.InvalidFields, tenantId);
                return IngestionProblems.InvalidBatch(envelopeErrors, []);
            }

            for (var i = 0; i < envelope.Events.Length; i++)
            {
                var parsed = parser.Parse(envelope.Events[i], receivedAt, envelope.ClockCorrection);
                if (parsed.IsValid)
                {
                    metrics.MetadataKeysDropped(tenantId, parsed.Event!.DroppedMetadataKeys);
                    valid.Add((i, QueuedEventFactory.Create(caller.Value, parsed.Event!, receivedAt)));
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

        if (await admission.AdmitAsync(http.Response, caller.Value, valid.Count, cancellationToken) is { } refused)
        {
            return refused;
        }

        var stored = await queue.EnqueueManyAsync([.. valid.Select(v => v.Event)], cancellationToken);
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
            return QueueProblems.Unavailable(http, metrics, tenantId, limits, valid.Count);
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

using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.Worker.Acknowledging;
using VectorVue.Worker.DeadLetters;
using VectorVue.Worker.Storage;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Stores a batch of stream entries and acknowledges exactly what was committed. When PostgreSQL refuses the batch
/// for a reason that is about the data, the batch is split until the refused entries are isolated
/// (<see cref="BatchIsolation"/>): the others are stored, and a refused entry is retried until Redis has delivered
/// it <see cref="WorkerOptions.MaxDeliveries"/> times (<see cref="DeliveryCounter"/>), then dead-lettered.
/// Infrastructure failures propagate: nothing of the failing part is acknowledged. Every drain loop shares this one
/// instance, so it keeps no state: what it needs to know about an entry's past is in Redis.
/// </summary>
internal sealed partial class BatchStorer(
    EventWriter writer,
    DeadLetterStore deadLetters,
    StreamAcknowledger acknowledger,
    DeliveryCounter deliveryCounter,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    WorkerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<BatchStorer> logger)
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    /// <param name="entries">Entries pending at <paramref name="consumer"/>, as read or claimed.</param>
    /// <param name="consumer">The drain loop's consumer name: only entries still pending there are decided on.</param>
    /// <param name="cancellationToken">Abandons the batch (its transaction rolls back; nothing is acknowledged).</param>
    /// <returns>True when refused entries were left pending for another attempt.</returns>
    public async Task<bool> StoreAsync(
        IReadOnlyList<StackExchange.Redis.StreamEntry> entries, string consumer, CancellationToken cancellationToken)
    {
        var decoded = new List<DecodedEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (StreamEntryDecoder.TryDecode(entry, out var error) is { } item)
            {
                decoded.Add(item);
            }
            else if (await deliveryCounter.DeliveriesAsync(entry.Id.ToString(), consumer) is { } deliveries)
            {
                // Nothing can ever make an undecodable entry valid: dead-letter it at once.
                await deadLetters.DeadLetterAsync(
                    new DeadLetterCandidate(entry, null, null, $"undecodable: {error}", null, deliveries), cancellationToken);
            }
        }

        var isolation = await BatchIsolation.StoreAsync<DecodedEntry, PostgresException>(
            decoded, CommitAsync, FailureClassifier.IsAboutTheData, cancellationToken);

        var leftPending = false;
        var maxDeliveries = workerOptions.Value.MaxDeliveries;
        foreach (var (entry, error) in isolation.Refused)
        {
            var deliveries = await deliveryCounter.DeliveriesAsync(entry.EntryId, consumer);
            switch (RefusalVerdicts.For(deliveries, maxDeliveries))
            {
                case RefusalVerdict.DeadLetter:
                    await deadLetters.DeadLetterAsync(
                        new DeadLetterCandidate(entry.Raw, entry.Event.Id, entry.Event.TenantId, error.MessageText, error.SqlState, deliveries!.Value),
                        cancellationToken);
                    break;
                case RefusalVerdict.Retry:
                    leftPending = true;
                    LogRefused(logger, entry.EntryId, entry.Event.Id, consumer, deliveries!.Value, maxDeliveries, error.SqlState, error.MessageText);
                    break;
                case RefusalVerdict.NotOurs:
                    LogTakenOver(logger, entry.EntryId, consumer);
                    break;
            }
        }

        return leftPending;
    }

    private async Task CommitAsync(IReadOnlyList<DecodedEntry> batch, CancellationToken cancellationToken)
    {
        var stream = streamOptions.Value;
        // One consumer span per event, parented to the request that accepted it: one trace per event end to end.
        var spans = new List<Activity>(batch.Count);
        foreach (var entry in batch)
        {
            if (ActivitySource.StartActivity($"process {stream.StreamKey}", ActivityKind.Consumer, entry.ParentContext) is { } span)
            {
                span.SetTag("messaging.system", "redis");
                span.SetTag("messaging.operation.type", "process");
                span.SetTag("messaging.destination.name", stream.StreamKey);
                span.SetTag("messaging.consumer.group.name", stream.ConsumerGroup);
                span.SetTag("messaging.message.id", entry.Event.Id.ToString());
                span.SetTag("messaging.batch.message_count", batch.Count);
                spans.Add(span);
            }
        }

        // Each event's trace gets its own insert span; the statement itself runs once for the whole batch.
        foreach (var span in spans.ToArray())
        {
            if (ActivitySource.StartActivity("insert client_activity_events", ActivityKind.Client, span.Context) is { } insert)
            {
                insert.SetTag("db.system.name", "postgresql");
                insert.SetTag("db.collection.name", "client_activity_events");
                insert.SetTag("db.operation.name", "INSERT");
                insert.SetTag("db.operation.batch.size", batch.Count);
                spans.Add(insert);
            }
        }

        try
        {
            var inserted = await writer.WriteAsync([.. batch.Select(e => e.Event)], cancellationToken);
            var committedAt = timeProvider.GetUtcNow();
            await acknowledger.AcknowledgeAsync([.. batch.Select(e => e.Raw.Id)]);

            metrics.Stored(inserted, batch.Select(e => e.Event.ReceivedAt), committedAt);
            LogStored(logger, batch.Count, inserted);
        }
        catch (Exception ex)
        {
            foreach (var span in spans)
            {
                span.AddException(ex);
                span.SetStatus(ActivityStatusCode.Error);
            }

            throw;
        }
        finally
        {
            // Children (the insert spans, added last) end before their parents.
            for (var i = spans.Count - 1; i >= 0; i--)
            {
                spans[i].Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored a batch of {Count} events ({Inserted} new rows)")]
    private static partial void LogStored(ILogger logger, int count, int inserted);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PostgreSQL refused stream entry {EntryId} (event {EventId}) at consumer {Consumer}, delivery {Deliveries} of {MaxDeliveries}: {SqlState} {Reason}")]
    private static partial void LogRefused(
        ILogger logger, string entryId, Guid eventId, string consumer, int deliveries, int maxDeliveries, string sqlState, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stream entry {EntryId} is no longer pending at consumer {Consumer} (taken over or acknowledged); left to its owner")]
    private static partial void LogTakenOver(ILogger logger, string entryId, string consumer);
}

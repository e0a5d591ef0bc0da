using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Acknowledging;
using VectorVue.Worker.DeadLetters;
using VectorVue.Worker.Storage;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Stores the events of a read's entries and acknowledges exactly the entries whose every event is committed — stored,
/// or dead-lettered. Events go in transactions of up to <see cref="WorkerOptions.BatchSize"/>; when PostgreSQL refuses
/// one for a reason that is about the data, it is split until the refused events are isolated
/// (<see cref="BatchIsolation"/>): the others are stored, and the entry holding a refused event stays pending and is
/// delivered again until Redis has delivered it <see cref="WorkerOptions.MaxDeliveries"/> times
/// (<see cref="DeliveryCounter"/>); then each event it still cannot store is dead-lettered alone and the entry is
/// acknowledged. Storing an event again on redelivery does nothing (its receipt, keyed by tenant and id, exists).
/// A transaction PostgreSQL aborts for a conflict with another worker's (deadlock) runs again, a bounded number of times. Infrastructure
/// failures propagate: nothing of the read is acknowledged. Every drain loop shares this one instance, so it keeps no
/// state: what it needs to know about an entry's past is in Redis.
/// </summary>
internal sealed partial class BatchStorer(
    EventWriter writer,
    DeadLetterStore deadLetters,
    StreamAcknowledger acknowledger,
    DeliveryCounter deliveryCounter,
    StreamShards shards,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    WorkerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<BatchStorer> logger)
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    /// <summary>
    /// Most runs of one transaction that PostgreSQL aborts for a conflict with another worker's (deadlock,
    /// serialization failure); after that the failure is handled as PostgreSQL's (nothing of the read acknowledged).
    /// </summary>
    internal const int MaxWriteAttempts = 5;

    /// <param name="shard">The shard the entries were read from.</param>
    /// <param name="entries">Entries pending at <paramref name="consumer"/>, as read or claimed.</param>
    /// <param name="consumer">The drain loop's consumer name: only entries still pending there are decided on.</param>
    /// <param name="cancellationToken">Abandons the batch (its transaction rolls back; nothing is acknowledged).</param>
    /// <returns>True when entries holding refused events were left pending for another attempt.</returns>
    public async Task<bool> StoreAsync(
        int shard, IReadOnlyList<StackExchange.Redis.StreamEntry> entries, string consumer, CancellationToken cancellationToken)
    {
        var settled = new List<(RedisValue Id, long Events)>(entries.Count);
        var letters = new List<DeadLetter>();
        var decoded = new List<DecodedEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (StreamEntryDecoder.TryDecode(entry, shard, out var error) is { } item)
            {
                decoded.Add(item);
            }
            else if (await deliveryCounter.DeliveriesAsync(shard, entry.Id, consumer) is { } deliveries)
            {
                // Nothing can ever make an undecodable entry valid: dead-letter it at once, whole.
                letters.Add(DeadLetter.OfEntry(entry, shard, shards.Count, $"undecodable: {error}", deliveries));
                settled.Add((entry.Id, CountedEvents.Of(entry.Values)));
            }
        }

        var refused = await StoreEventsAsync(decoded, cancellationToken);

        var leftPending = false;
        var maxDeliveries = workerOptions.Value.MaxDeliveries;
        foreach (var entry in decoded)
        {
            var entryRefused = refused.GetValueOrDefault(entry);
            if (entryRefused is null && entry.Malformed.Count == 0)
            {
                settled.Add((entry.Raw.Id, entry.CountedEvents));
                continue;
            }

            var deliveries = await deliveryCounter.DeliveriesAsync(shard, entry.Raw.Id, consumer);
            // Malformed elements alone never get better: they are dead-lettered at the first decision.
            var verdict = entryRefused is null && deliveries is not null
                ? RefusalVerdict.DeadLetter
                : RefusalVerdicts.For(deliveries, maxDeliveries);
            switch (verdict)
            {
                case RefusalVerdict.DeadLetter:
                    letters.AddRange(entry.Malformed.Select(m => DeadLetter.OfMalformed(entry, m, shards.Count, deliveries!.Value)));
                    letters.AddRange((entryRefused ?? []).Select(r =>
                        DeadLetter.OfEvent(r.Event, shards.Count, r.Refusal.MessageText, r.Refusal.SqlState, deliveries!.Value)));
                    settled.Add((entry.Raw.Id, entry.CountedEvents));
                    break;
                case RefusalVerdict.Retry:
                    leftPending = true;
                    foreach (var (item, error) in entryRefused!)
                    {
                        LogRefused(logger, entry.EntryId, item.Event.Id, consumer, deliveries!.Value, maxDeliveries, error.SqlState, error.MessageText);
                    }

                    break;
                case RefusalVerdict.NotOurs:
                    LogTakenOver(logger, entry.EntryId, consumer);
                    break;
            }
        }

        await deadLetters.RecordAsync(letters, cancellationToken);
        await acknowledger.AcknowledgeAsync(shard, settled);
        return leftPending;
    }

    /// <returns>Per entry, the events PostgreSQL refused for what they hold (entries without any are absent).</returns>
    private async Task<Dictionary<DecodedEntry, List<(EntryEvent Event, PostgresException Refusal)>>> StoreEventsAsync(
        List<DecodedEntry> entries, CancellationToken cancellationToken)
    {
        var refused = new Dictionary<DecodedEntry, List<(EntryEvent, PostgresException)>>();
        foreach (var transaction in entries.SelectMany(e => e.Events).Chunk(workerOptions.Value.BatchSize))
        {
            var isolation = await BatchIsolation.StoreAsync<EntryEvent, PostgresException>(
                transaction, CommitAsync, FailureClassifier.IsAboutTheData, cancellationToken);
            foreach (var (item, error) in isolation.Refused)
            {
                if (!refused.TryGetValue(item.Entry, out var ofEntry))
                {
                    refused[item.Entry] = ofEntry = [];
                }

                ofEntry.Add((item, error));
            }
        }

        return refused;
    }

    private async Task CommitAsync(IReadOnlyList<EntryEvent> part, CancellationToken cancellationToken)
    {
        // One consumer span per entry, parented to the request that queued it: one trace per request end to end.
        var spans = new List<Activity>();
        try
        {
            foreach (var ofEntry in part.GroupBy(e => e.Entry))
            {
                if (StartProcessSpan(ofEntry.Key, [.. ofEntry]) is { } span)
                {
                    spans.Add(span);
                }
            }

            // Each request's trace gets its own insert span; the statement itself runs once for the whole part.
            foreach (var span in spans.ToArray())
            {
                if (ActivitySource.StartActivity("insert client_activity_events", ActivityKind.Client, span.Context) is { } insert)
                {
                    insert.SetTag("db.system.name", "postgresql");
                    insert.SetTag("db.collection.name", "client_activity_events");
                    insert.SetTag("db.operation.name", "INSERT");
                    insert.SetTag("db.operation.batch.size", part.Count);
                    spans.Add(insert);
                }
            }

            QueuedEvent[] events = [.. part.Select(e => e.Event)];
            var inserted = await ConflictRetry.RunAsync(
                token => writer.WriteAsync(events, token),
                MaxWriteAttempts,
                (attempt, conflict) =>
                {
                    metrics.Retried();
                    LogConflict(logger, part.Count, attempt, MaxWriteAttempts, conflict.SqlState, conflict.MessageText);
                    foreach (var span in spans)
                    {
                        span.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["db.response.status_code"] = conflict.SqlState }));
                    }
                },
                cancellationToken);
            foreach (var span in spans)
            {
                if (span.Kind == ActivityKind.Client)
                {
                    span.SetTag("vectorvue.events.new", inserted);
                }
            }

            metrics.Stored(inserted, part.Select(e => e.Event.ReceivedAt), timeProvider.GetUtcNow());
            LogStored(logger, part.Count, inserted);
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

    private Activity? StartProcessSpan(DecodedEntry entry, IReadOnlyList<EntryEvent> events)
    {
        var stream = streamOptions.Value;
        var span = ActivitySource.StartActivity($"process {stream.StreamKey}", ActivityKind.Consumer, entry.ParentContext);
        if (span is null)
        {
            return null;
        }

        span.SetTag("messaging.system", "redis");
        span.SetTag("messaging.operation.type", "process");
        span.SetTag("messaging.destination.name", shards.StreamKey(entry.Shard));
        span.SetTag("messaging.destination.partition.id", entry.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture));
        span.SetTag("messaging.consumer.group.name", stream.ConsumerGroup);
        if (entry.IsBatch)
        {
            span.SetTag("messaging.message.id", entry.EntryId);
            span.SetTag("messaging.batch.message_count", events.Count);
            span.SetTag("vectorvue.event.ids", events.Select(e => e.Event.Id.ToString()).ToArray());
        }
        else
        {
            span.SetTag("messaging.message.id", events[0].Event.Id.ToString());
        }

        return span;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Count} events ({Inserted} new rows)")]
    private static partial void LogStored(ILogger logger, int count, int inserted);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Storing {Count} events conflicted with another transaction (attempt {Attempt} of {MaxAttempts}, {SqlState} {Reason}); running it again")]
    private static partial void LogConflict(ILogger logger, int count, int attempt, int maxAttempts, string sqlState, string reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PostgreSQL refused stream entry {EntryId} (event {EventId}) at consumer {Consumer}, delivery {Deliveries} of {MaxDeliveries}: {SqlState} {Reason}")]
    private static partial void LogRefused(
        ILogger logger, string entryId, Guid eventId, string consumer, int deliveries, int maxDeliveries, string sqlState, string reason);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Stream entry {EntryId} is no longer pending at consumer {Consumer} (taken over or acknowledged); left to its owner")]
    private static partial void LogTakenOver(ILogger logger, string entryId, string consumer);
}

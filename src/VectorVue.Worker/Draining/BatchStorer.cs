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
/// Stores a batch of stream entries and acknowledges exactly what was committed. When PostgreSQL refuses the batch
/// for a reason that is about the data, the batch is split until the refused entries are isolated
/// (<see cref="BatchIsolation"/>): the others are stored, and a refused entry is retried until it has been delivered <see cref="WorkerOptions.MaxDeliveries"/>
/// times, then dead-lettered. Infrastructure failures propagate: nothing of the failing part is acknowledged.
/// </summary>
internal sealed partial class BatchStorer(
    EventWriter writer,
    DeadLetterStore deadLetters,
    StreamAcknowledger acknowledger,
    IConnectionMultiplexer redis,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    WorkerMetrics metrics,
    TimeProvider timeProvider,
    ILogger<BatchStorer> logger)
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    // Deliveries seen by this process, beside Redis' own delivery counter (whichever is higher counts).
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <returns>True when refused entries were left pending for another attempt.</returns>
    public async Task<bool> StoreAsync(IReadOnlyList<StackExchange.Redis.StreamEntry> entries, CancellationToken cancellationToken)
    {
        var decoded = new List<DecodedEntry>(entries.Count);
        foreach (var entry in entries)
        {
            if (StreamEntryDecoder.TryDecode(entry, out var error) is { } item)
            {
                decoded.Add(item);
            }
            else
            {
                // Nothing can ever make an undecodable entry valid: dead-letter it at once.
                await deadLetters.DeadLetterAsync(
                    new DeadLetterCandidate(entry, null, null, $"undecodable: {error}", null, await DeliveriesAsync(entry.Id.ToString())),
                    cancellationToken);
            }
        }

        var isolation = await BatchIsolation.StoreAsync<DecodedEntry, PostgresException>(
            decoded, CommitAsync, FailureClassifier.IsAboutTheData, cancellationToken);

        var leftPending = false;
        foreach (var (entry, error) in isolation.Refused)
        {
            var deliveries = await DeliveriesAsync(entry.EntryId);
            if (deliveries >= workerOptions.Value.MaxDeliveries)
            {
                _attempts.Remove(entry.EntryId);
                await deadLetters.DeadLetterAsync(
                    new DeadLetterCandidate(entry.Raw, entry.Event.Id, entry.Event.TenantId, error.MessageText, error.SqlState, deliveries),
                    cancellationToken);
            }
            else
            {
                leftPending = true;
                LogRefused(logger, entry.EntryId, entry.Event.Id, deliveries, workerOptions.Value.MaxDeliveries, error.SqlState, error.MessageText);
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
            foreach (var entry in batch)
            {
                _attempts.Remove(entry.EntryId);
            }

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

    private async Task<int> DeliveriesAsync(string entryId)
    {
        var local = _attempts[entryId] = _attempts.GetValueOrDefault(entryId) + 1;
        var stream = streamOptions.Value;
        var pending = await redis.GetDatabase().StreamPendingMessagesAsync(
            stream.StreamKey, stream.ConsumerGroup, 1, RedisValue.Null, entryId, entryId);
        return Math.Max(local, pending.Length > 0 ? pending[0].DeliveryCount : 0);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored a batch of {Count} events ({Inserted} new rows)")]
    private static partial void LogStored(ILogger logger, int count, int inserted);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PostgreSQL refused stream entry {EntryId} (event {EventId}), delivery {Deliveries} of {MaxDeliveries}: {SqlState} {Reason}")]
    private static partial void LogRefused(ILogger logger, string entryId, Guid eventId, int deliveries, int maxDeliveries, string sqlState, string reason);
}

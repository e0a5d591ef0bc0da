using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Storage;

namespace VectorVue.Worker.Queue;

/// <summary>
/// Drains the events stream into PostgreSQL through a consumer group: first this consumer's own pending entries,
/// then new ones, then entries a dead consumer left pending. An entry is acknowledged only after the transaction
/// that stored it has committed, so a crash at any point leads to redelivery, never to loss.
/// </summary>
internal sealed partial class StreamDrainer(
    IConnectionMultiplexer redis,
    EventWriter writer,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<StreamDrainer> logger) : BackgroundService
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    private readonly string _consumer = workerOptions.Value.ConsumerName
        ?? $"{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var stream = streamOptions.Value;
        var options = workerOptions.Value;
        var db = redis.GetDatabase();
        var position = StreamPosition.Beginning; // own pending entries first, then ">" (new)
        var lastClaim = timeProvider.GetTimestamp();
        LogStarted(logger, _consumer, stream.StreamKey, stream.ConsumerGroup);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureConsumerGroupAsync(db, stream, stoppingToken);
                var entries = await db.StreamReadGroupAsync(
                    stream.StreamKey, stream.ConsumerGroup, _consumer, position, options.BatchSize);

                if (entries.Length == 0 && position == StreamPosition.Beginning)
                {
                    position = StreamPosition.NewMessages;
                    continue;
                }

                if (entries.Length == 0 && timeProvider.GetElapsedTime(lastClaim) >= options.ClaimIdleTime)
                {
                    lastClaim = timeProvider.GetTimestamp();
                    var claimed = await db.StreamAutoClaimAsync(stream.StreamKey, stream.ConsumerGroup, _consumer,
                        (long)options.ClaimIdleTime.TotalMilliseconds, StreamPosition.Beginning, options.BatchSize);
                    entries = claimed.ClaimedEntries;
                    if (entries.Length > 0)
                    {
                        LogClaimed(logger, entries.Length);
                    }
                }

                if (entries.Length == 0)
                {
                    await Task.Delay(options.IdleDelay, timeProvider, stoppingToken);
                    continue;
                }

                await StoreAsync(db, stream, entries, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisException or NpgsqlException or TimeoutException)
            {
                // Nothing was acknowledged: the entries stay pending and are read again ("0") after the pause.
                LogBatchFailed(logger, ex, options.RetryDelay.TotalMilliseconds);
                position = StreamPosition.Beginning;
                await Task.Delay(options.RetryDelay, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task StoreAsync(IDatabase db, EventStreamOptions stream, StackExchange.Redis.StreamEntry[] raw, CancellationToken cancellationToken)
    {
        var decoded = new List<DecodedEntry>(raw.Length);
        foreach (var entry in raw)
        {
            var item = StreamEntryDecoder.TryDecode(entry, out var error);
            if (item is null)
            {
                LogUndecodable(logger, entry.Id.ToString(), error!);
                continue;
            }

            decoded.Add(item);
        }

        if (decoded.Count == 0)
        {
            return;
        }

        // One consumer span per event, parented to the request that accepted it: one trace per event end to end.
        var spans = new List<Activity>(decoded.Count);
        foreach (var entry in decoded)
        {
            var span = ActivitySource.StartActivity($"process {stream.StreamKey}", ActivityKind.Consumer, entry.ParentContext);
            if (span is not null)
            {
                span.SetTag("messaging.system", "redis");
                span.SetTag("messaging.operation.type", "process");
                span.SetTag("messaging.destination.name", stream.StreamKey);
                span.SetTag("messaging.consumer.group.name", stream.ConsumerGroup);
                span.SetTag("messaging.message.id", entry.Event.Id.ToString());
                span.SetTag("messaging.batch.message_count", decoded.Count);
                spans.Add(span);
            }
        }

        try
        {
            int inserted;
            using (var insert = ActivitySource.StartActivity("insert client_activity_events", ActivityKind.Internal,
                       spans.Count > 0 ? spans[0].Context : default))
            {
                insert?.SetTag("db.system.name", "postgresql");
                insert?.SetTag("db.operation.batch.size", decoded.Count);
                inserted = await writer.WriteAsync([.. decoded.Select(e => e.Event)], cancellationToken);
            }

            await db.StreamAcknowledgeAsync(stream.StreamKey, stream.ConsumerGroup, [.. decoded.Select(e => (RedisValue)e.EntryId)]);
            LogStored(logger, decoded.Count, inserted);
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
            foreach (var span in spans)
            {
                span.Dispose();
            }
        }
    }

    private static async Task EnsureConsumerGroupAsync(IDatabase db, EventStreamOptions stream, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream.StreamKey, stream.ConsumerGroup, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists already: the normal case after the first start.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer {Consumer} draining stream {Stream} in group {Group}")]
    private static partial void LogStarted(ILogger logger, string consumer, string stream, string group);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored a batch of {Count} events ({Inserted} new rows)")]
    private static partial void LogStored(ILogger logger, int count, int inserted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over {Count} entries left pending by another consumer")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a batch failed; entries stay pending and are retried in {DelayMs} ms")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream entry {EntryId} holds no valid event and is left pending: {Error}")]
    private static partial void LogUndecodable(ILogger logger, string entryId, string error);
}

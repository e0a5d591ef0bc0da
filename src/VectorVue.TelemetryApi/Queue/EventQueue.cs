using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry.Context.Propagation;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.Queue;

/// <summary>
/// Puts accepted events onto the Redis stream. Returns only once Redis has each entry, so a 202 always means the
/// event is in the stream; the W3C trace context rides along so the worker continues the same trace.
/// </summary>
internal sealed class EventQueue(IConnectionMultiplexer redis, IOptions<EventStreamOptions> options)
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    /// <exception cref="QueueUnavailableException">Redis did not take the entry.</exception>
    public async Task EnqueueAsync(QueuedEvent queuedEvent, CancellationToken cancellationToken)
    {
        using var activity = StartPublish(1, queuedEvent.Id);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await redis.GetDatabase().StreamAddAsync(options.Value.StreamKey, ToEntry(queuedEvent, activity));
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Fail(activity, ex);
            throw new QueueUnavailableException("Redis did not accept the stream entry.", ex);
        }
    }

    /// <summary>Adds all entries in one pipelined round trip.</summary>
    /// <returns>For each event, whether Redis has it (a 202 may be given for exactly those).</returns>
    public async Task<bool[]> EnqueueManyAsync(IReadOnlyList<QueuedEvent> events, CancellationToken cancellationToken)
    {
        using var activity = StartPublish(events.Count, messageId: null);
        cancellationToken.ThrowIfCancellationRequested();
        var streamKey = options.Value.StreamKey;
        var batch = redis.GetDatabase().CreateBatch();
        var writes = new Task<RedisValue>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            writes[i] = batch.StreamAddAsync(streamKey, ToEntry(events[i], activity));
        }

        batch.Execute();
        var stored = new bool[events.Count];
        for (var i = 0; i < writes.Length; i++)
        {
            try
            {
                await writes[i];
                stored[i] = true;
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Fail(activity, ex);
            }
        }

        return stored;
    }

    private Activity? StartPublish(int count, Guid? messageId)
    {
        var streamKey = options.Value.StreamKey;
        var activity = ActivitySource.StartActivity($"publish {streamKey}", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "redis");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", streamKey);
            if (messageId is not null)
            {
                activity.SetTag("messaging.message.id", messageId.Value.ToString());
            }
            else
            {
                activity.SetTag("messaging.batch.message_count", count);
            }
        }

        return activity;
    }

    private static NameValueEntry[] ToEntry(QueuedEvent queuedEvent, Activity? activity)
    {
        var fields = new List<NameValueEntry>(3)
        {
            new(StreamFields.Event, JsonSerializer.Serialize(queuedEvent, QueueJsonContext.Default.QueuedEvent)),
        };
        var context = activity?.Context ?? Activity.Current?.Context ?? default;
        // Only the trace context travels: W3C baggage is whatever the client put in a request header, and nothing
        // a client sends besides the event may reach the stream (or, from there, the dead letters).
        Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(context, default), fields,
            static (carrier, key, value) => carrier.Add(new NameValueEntry(key, value)));
        return [.. fields];
    }

    private static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    private static void Fail(Activity? activity, Exception ex)
    {
        activity?.AddException(ex);
        activity?.SetStatus(ActivityStatusCode.Error, "enqueue failed");
    }
}

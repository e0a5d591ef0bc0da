using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.Queue;

/// <summary>
/// Puts accepted events onto the Redis stream. Returns only once Redis has the entry, so a 202 always means the
/// event is in the stream; the W3C trace context rides along so the worker continues the same trace.
/// </summary>
internal sealed class EventQueue(IConnectionMultiplexer redis, IOptions<EventStreamOptions> options)
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    /// <exception cref="QueueUnavailableException">Redis did not take the entry.</exception>
    public async Task EnqueueAsync(QueuedEvent queuedEvent, CancellationToken cancellationToken)
    {
        var streamKey = options.Value.StreamKey;
        using var activity = ActivitySource.StartActivity($"publish {streamKey}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", streamKey);
        activity?.SetTag("messaging.message.id", queuedEvent.Id.ToString());

        var fields = new List<NameValueEntry>(3)
        {
            new(StreamFields.Event, JsonSerializer.Serialize(queuedEvent, QueueJsonContext.Default.QueuedEvent)),
        };
        var context = activity?.Context ?? Activity.Current?.Context ?? default;
        Propagators.DefaultTextMapPropagator.Inject(new PropagationContext(context, Baggage.Current), fields,
            static (carrier, key, value) => carrier.Add(new NameValueEntry(key, value)));

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await redis.GetDatabase().StreamAddAsync(streamKey, [.. fields]);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, "enqueue failed");
            throw new QueueUnavailableException("Redis did not accept the stream entry.", ex);
        }
    }
}

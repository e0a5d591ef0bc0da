using System.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Redis;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Queue;

/// <summary>
/// Admits a request's events and queues them in one atomic script, one round trip (docs/ingestion-contract.md#rate-limits):
/// the shard's high-water mark (503 <c>queue_full</c>), the user's and the tenant's limits (<see cref="SlicedWindow"/>,
/// 429), then the <c>XADD</c> of the request's one entry and the shard's queued-events counter raised by its events.
/// Every key carries the tenant's shard hash tag, so on a Redis Cluster the script runs on that shard's node. A refusal
/// changes nothing. The script is called by its SHA1 (<see cref="RedisScript"/>): every cluster node learns it on first use.
/// </summary>
internal sealed class AdmissionScript(
    IConnectionMultiplexer redis,
    RateLimitKeys keys,
    IOptions<RateLimitOptions> rateLimits,
    IOptions<QueueCapacityOptions> capacity)
{
    private static readonly ActivitySource ActivitySource = new(VectorVueTelemetry.ActivitySourceName);

    // KEYS: user window, tenant window, stream, queued-events counter.
    // ARGV: n, slice µs, window ms, user limit, tenant limit, high-water mark, then the entry's fields and values.
    // Returns: outcome (0 accepted, 1 user limit, 2 tenant limit, 3 queue full), retry-after µs,
    //          user remaining, user reset µs, tenant remaining, tenant reset µs, entry id.
    private static readonly RedisScript Script = new(SlicedWindow.Lua + """
        local n = tonumber(ARGV[1])
        local queued = tonumber(redis.call('GET', KEYS[4]) or '0')
        if queued + n > tonumber(ARGV[6]) then
            return { 3, 0, 0, 0, 0, 0, '' }
        end
        local slice_us = tonumber(ARGV[2])
        local slice = math.floor(now / slice_us)
        local limits = { tonumber(ARGV[4]), tonumber(ARGV[5]) }
        local windows = { read_window(KEYS[1], slice), read_window(KEYS[2], slice) }
        local refused, retry = 0, 0
        for i = 1, 2 do
            local wait = wait_for(windows[i], limits[i], n, slice_us, now)
            if wait > retry then
                refused, retry = i, wait
            end
        end
        local id = ''
        if refused == 0 then
            id = redis.call('XADD', KEYS[3], '*', unpack(ARGV, 7))
            redis.call('INCRBY', KEYS[4], n)
            take(KEYS[1], windows[1], slice, n, tonumber(ARGV[3]))
            take(KEYS[2], windows[2], slice, n, tonumber(ARGV[3]))
        end
        return { refused, math.ceil(retry),
            limits[1] - windows[1].used, math.ceil(reset_of(windows[1], slice_us, now)),
            limits[2] - windows[2].used, math.ceil(reset_of(windows[2], slice_us, now)), id }
        """);

    /// <summary>Admits and queues the entry of a request of <paramref name="tenantId"/> and <paramref name="username"/>.</summary>
    /// <exception cref="RedisException">Redis could not decide; nothing was admitted unless the script ran before the failure.</exception>
    /// <exception cref="TimeoutException">Redis did not answer in time; the same.</exception>
    public async Task<Admission> AdmitAsync(Guid tenantId, string? username, Func<ActivityContext, QueueEntry> entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var shards = keys.Shards;
        var shard = shards.ShardOf(tenantId);
        var streamKey = shards.StreamKey(shard);
        using var activity = StartPublish(streamKey);
        var queued = entry(activity?.Context ?? Activity.Current?.Context ?? default);
        activity?.SetTag("messaging.batch.message_count", queued.Count);

        var limits = rateLimits.Value;
        RedisValue[] args =
        [
            queued.Count,
            SlicedWindow.SliceMicroseconds(limits.Window),
            SlicedWindow.WindowMilliseconds(limits.Window),
            limits.UserLimit,
            limits.TenantLimit,
            capacity.Value.QueueHighWaterMark,
            .. queued.Fields,
        ];
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await Script.EvaluateAsync(
                redis.GetDatabase(),
                [keys.User(tenantId, username), keys.Tenant(tenantId), streamKey, shards.QueuedCounterKey(shard)],
                args))!;
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, "admission failed");
            throw;
        }

        var outcome = (int)(long)result[0];
        if (outcome == 3)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "queue full");
            return new Admission(AdmissionOutcome.QueueFull, null, null);
        }

        var user = ((long)result[2], SlicedWindow.Microseconds((long)result[3]));
        var tenant = ((long)result[4], SlicedWindow.Microseconds((long)result[5]));
        // Report the scope that refused, or else the one with less room left.
        var reportUser = outcome == 1 || (outcome == 0 && user.Item1 <= tenant.Item1);
        var (remaining, reset) = reportUser ? user : tenant;
        var decision = new RateLimitDecision(
            outcome == 0,
            outcome switch { 1 => "user", 2 => "tenant", _ => null },
            SlicedWindow.Microseconds((long)result[1]),
            reportUser ? limits.UserLimit : limits.TenantLimit,
            (int)Math.Max(0, remaining),
            reset);
        if (outcome != 0)
        {
            return new Admission(AdmissionOutcome.RateLimited, decision, null);
        }

        var id = (string?)result[6];
        activity?.SetTag("messaging.message.id", id);
        return new Admission(AdmissionOutcome.Accepted, decision, id);
    }

    private static Activity? StartPublish(string streamKey)
    {
        var activity = ActivitySource.StartActivity($"publish {streamKey}", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.SetTag("messaging.system", "redis");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", streamKey);
        }

        return activity;
    }
}

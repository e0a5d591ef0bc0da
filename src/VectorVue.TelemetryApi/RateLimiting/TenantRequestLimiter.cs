using StackExchange.Redis;
using VectorVue.Redis;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// <see cref="ITenantRequestLimiter"/> on Redis: one <see cref="SlicedWindow"/> per tenant and scope, decided by one
/// script on Redis' clock, so every API replica shares it.
/// </summary>
internal sealed class TenantRequestLimiter(IConnectionMultiplexer redis, RateLimitKeys keys) : ITenantRequestLimiter
{
    // KEYS: the window. ARGV: n, slice µs, window ms, limit.
    // Returns: allowed (0/1), retry-after µs, remaining, reset µs.
    private static readonly RedisScript Script = new(SlicedWindow.Lua + """
        local n = tonumber(ARGV[1])
        local slice_us = tonumber(ARGV[2])
        local limit = tonumber(ARGV[4])
        local slice = math.floor(now / slice_us)
        local w = read_window(KEYS[1], slice)
        local wait = wait_for(w, limit, n, slice_us, now)
        if wait > 0 then
            return { 0, math.ceil(wait), limit - w.used, math.ceil(reset_of(w, slice_us, now)) }
        end
        take(KEYS[1], w, slice, n, tonumber(ARGV[3]))
        return { 1, 0, limit - w.used, math.ceil(reset_of(w, slice_us, now)) }
        """);

    public async Task<RateLimitDecision> AcquireAsync(string scope, Guid tenantId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = (RedisResult[])(await Script.EvaluateAsync(
            redis.GetDatabase(),
            [keys.Scope(tenantId, scope)],
            [1, SlicedWindow.SliceMicroseconds(window), SlicedWindow.WindowMilliseconds(window), limit]))!;
        var allowed = (long)result[0] == 1;
        return new RateLimitDecision(
            allowed,
            allowed ? null : scope,
            SlicedWindow.Microseconds((long)result[1]),
            limit,
            (int)Math.Max(0, (long)result[2]),
            SlicedWindow.Microseconds((long)result[3]));
    }
}

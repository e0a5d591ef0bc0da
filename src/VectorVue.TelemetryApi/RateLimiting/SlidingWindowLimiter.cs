using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// Exact sliding-window rate limits per tenant+user and per tenant, decided atomically by one Lua script on
/// Redis' own clock, so every API replica sees the same counts and no replica's clock matters. Each admitted
/// event is one member of a sorted set scored by its admission time; a request for n events passes only if
/// both windows have room for all n.
/// </summary>
internal sealed class SlidingWindowLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options)
{
    // KEYS: user window, tenant window. ARGV: n, window ms, user limit, tenant limit, unique request nonce.
    // Returns: allowed (0/1), refusing scope (0 none, 1 user, 2 tenant), retry-after ms,
    //          then for each scope: remaining after this decision, ms until its window is empty.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local n = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limits = { tonumber(ARGV[3]), tonumber(ARGV[4]) }
        local counts = {}
        local refused = 0
        local retry = 0
        for i = 1, 2 do
            redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[i])
            counts[i] = count
            if count + n > limits[i] then
                local wait = window
                if n <= limits[i] then
                    local oldest = redis.call('ZRANGE', KEYS[i], count + n - limits[i] - 1, count + n - limits[i] - 1, 'WITHSCORES')
                    wait = tonumber(oldest[2]) + window - now
                end
                if refused == 0 or wait > retry then
                    refused = i
                    retry = wait
                end
            end
        end
        local resets = {}
        for i = 1, 2 do
            local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
            resets[i] = newest[2] and (tonumber(newest[2]) + window - now) or 0
        end
        if refused > 0 then
            return { 0, refused, retry, limits[1] - counts[1], resets[1], limits[2] - counts[2], resets[2] }
        end
        for i = 1, 2 do
            local members = {}
            for j = 1, n do
                members[#members + 1] = now
                members[#members + 1] = ARGV[5] .. ':' .. j
            end
            for k = 1, #members, 2000 do
                redis.call('ZADD', KEYS[i], unpack(members, k, math.min(k + 1999, #members)))
            end
            redis.call('PEXPIRE', KEYS[i], window)
        end
        return { 1, 0, 0, limits[1] - counts[1] - n, window, limits[2] - counts[2] - n, window }
        """;

    /// <summary>Decides whether <paramref name="count"/> events of this tenant and user may pass, and records them if so.</summary>
    /// <exception cref="RedisException">Redis could not decide; the caller must not let the events pass.</exception>
    public async Task<RateLimitDecision> AcquireAsync(Guid tenantId, string? username, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limits = options.Value;
        var windowMs = (long)limits.Window.TotalMilliseconds;
        // One hash tag per tenant: both keys live in the same slot, so the script also runs on a Redis cluster.
        var tenantTag = "{" + tenantId.ToString("N") + "}";
        RedisKey[] keys = [$"vectorvue:rl:{tenantTag}:user:{UserBucket.Of(username)}", $"vectorvue:rl:{tenantTag}:tenant"];
        RedisValue[] args = [count, windowMs, limits.UserLimit, limits.TenantLimit, Guid.NewGuid().ToString("N")];

        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, args))!;
        var allowed = (long)result[0] == 1;
        var refusedBy = (long)result[1];
        var userRemaining = (int)(long)result[3];
        var tenantRemaining = (int)(long)result[5];

        // Report the scope that refused, or else the one with less room left.
        var reportUser = refusedBy == 1 || (refusedBy == 0 && userRemaining <= tenantRemaining);
        return new RateLimitDecision(
            allowed,
            refusedBy switch { 1 => "user", 2 => "tenant", _ => null },
            TimeSpan.FromMilliseconds((long)result[2]),
            reportUser ? limits.UserLimit : limits.TenantLimit,
            Math.Max(0, reportUser ? userRemaining : tenantRemaining),
            TimeSpan.FromMilliseconds((long)(reportUser ? result[4] : result[6])));
    }
}

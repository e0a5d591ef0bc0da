using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// Exact sliding-window rate limits per tenant+user and per tenant (and per tenant and scope, such as analytics),
/// decided atomically by one Lua script on Redis' own clock, so every API replica sees the same counts and no
/// replica's clock matters. Each admitted event is one member of a sorted set scored by its admission time; a
/// request for n events passes only if every window it counts against has room for all n.
/// </summary>
internal sealed class SlidingWindowLimiter(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options) : ITenantRequestLimiter
{
    // KEYS: one window (sorted set) each. ARGV: n, window ms, unique request nonce, then each window's limit.
    // Returns: allowed (0/1), refusing window (0 none, else its index), retry-after ms,
    //          then for each window: remaining after this decision, ms until it is empty.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local n = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local limits = {}
        local counts = {}
        local refused = 0
        local retry = 0
        for i = 1, #KEYS do
            limits[i] = tonumber(ARGV[3 + i])
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
        local result = { refused == 0 and 1 or 0, refused, retry }
        for i = 1, #KEYS do
            if refused > 0 then
                local newest = redis.call('ZRANGE', KEYS[i], -1, -1, 'WITHSCORES')
                result[#result + 1] = limits[i] - counts[i]
                result[#result + 1] = newest[2] and (tonumber(newest[2]) + window - now) or 0
            else
                local members = {}
                for j = 1, n do
                    members[#members + 1] = now
                    members[#members + 1] = ARGV[3] .. ':' .. j
                end
                for k = 1, #members, 2000 do
                    redis.call('ZADD', KEYS[i], unpack(members, k, math.min(k + 1999, #members)))
                end
                redis.call('PEXPIRE', KEYS[i], window)
                result[#result + 1] = limits[i] - counts[i] - n
                result[#result + 1] = window
            end
        end
        return result
        """;

    /// <summary>Decides whether <paramref name="count"/> events of this tenant and user may pass, and records them if so.</summary>
    /// <exception cref="RedisException">Redis could not decide; the caller must not let the events pass.</exception>
    public async Task<RateLimitDecision> AcquireAsync(Guid tenantId, string? username, int count, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var tenantTag = TenantTag(tenantId);
        var windows = await DecideAsync(
            [$"vectorvue:rl:{tenantTag}:user:{UserBucket.Of(username)}", $"vectorvue:rl:{tenantTag}:tenant"],
            [limits.UserLimit, limits.TenantLimit], count, limits.Window, cancellationToken);
        var (user, tenant) = (windows.Windows[0], windows.Windows[1]);

        // Report the scope that refused, or else the one with less room left.
        var reportUser = windows.RefusedBy == 1 || (windows.RefusedBy == 0 && user.Remaining <= tenant.Remaining);
        var reported = reportUser ? user : tenant;
        return new RateLimitDecision(
            windows.Allowed,
            windows.RefusedBy switch { 1 => "user", 2 => "tenant", _ => null },
            windows.RetryAfter,
            reportUser ? limits.UserLimit : limits.TenantLimit,
            Math.Max(0, reported.Remaining),
            reported.Reset);
    }

    /// <inheritdoc/>
    public async Task<RateLimitDecision> AcquireAsync(string scope, Guid tenantId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var windows = await DecideAsync([$"vectorvue:rl:{TenantTag(tenantId)}:{scope}"], [limit], 1, window, cancellationToken);
        var only = windows.Windows[0];
        return new RateLimitDecision(
            windows.Allowed, windows.Allowed ? null : scope, windows.RetryAfter, limit, Math.Max(0, only.Remaining), only.Reset);
    }

    /// <summary>One tag per tenant: all its windows live in one slot, so the script also runs on a Redis cluster.</summary>
    private static string TenantTag(Guid tenantId) => "{" + tenantId.ToString("N") + "}";

    private async Task<WindowsDecision> DecideAsync(RedisKey[] keys, int[] limits, int count, TimeSpan window, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisValue[] args = [count, (long)window.TotalMilliseconds, Guid.NewGuid().ToString("N"), .. limits.Select(l => (RedisValue)l)];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, args))!;
        return new WindowsDecision(
            (long)result[0] == 1,
            (int)(long)result[1],
            TimeSpan.FromMilliseconds((long)result[2]),
            [.. keys.Select((_, i) => ((int)(long)result[3 + (2 * i)], TimeSpan.FromMilliseconds((long)result[4 + (2 * i)])))]);
    }

    /// <param name="Allowed">Whether every window had room.</param>
    /// <param name="RefusedBy">The 1-based index of the window that refused (the one to wait longest for), 0 when allowed.</param>
    /// <param name="RetryAfter">When the request would pass.</param>
    /// <param name="Windows">Each window's remaining room and time until it is empty.</param>
    private sealed record WindowsDecision(bool Allowed, int RefusedBy, TimeSpan RetryAfter, (int Remaining, TimeSpan Reset)[] Windows);
}

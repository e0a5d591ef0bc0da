using StackExchange.Redis;
using VectorVue.Redis;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// Puts a shard's queued-events counter back to 0 when it has drifted while nothing is queued — and only then, when
/// that is provably the true value: in one script (atomic against the API's admission, the workers' acknowledgements
/// and re-drives, which touch the same keys on the same node) it checks that the workers' group exists on the shard's
/// stream, has nothing pending (every entry delivered to it was acknowledged) and nothing undelivered (no entry after
/// its last delivered one) — so every event ever queued on the shard has been acknowledged — or that the stream does
/// not exist at all. A counter drifts when entries are acknowledged that were never counted (entries queued before
/// the counter existed, or written by hand), when a consumer group is deleted and re-created (what it had acknowledged
/// is delivered and acknowledged again), or when an operator deletes entries.
/// </summary>
internal static class QueuedCounterResync
{
    // KEYS: the shard's stream, its counter. ARGV: the group. Answers the value it replaced (0: left as it was).
    private static readonly RedisScript Script = new("""
        local queued = tonumber(redis.call('GET', KEYS[2]) or '0')
        if queued == 0 then
            return 0
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then
            local found = false
            for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
                local fields = {}
                for i = 1, #group, 2 do
                    fields[group[i]] = group[i + 1]
                end
                if fields['name'] == ARGV[1] then
                    if fields['pending'] ~= 0 then
                        return 0
                    end
                    if #redis.call('XRANGE', KEYS[1], '(' .. fields['last-delivered-id'], '+', 'COUNT', 1) > 0 then
                        return 0
                    end
                    found = true
                end
            end
            if not found then
                return 0
            end
        end
        -- Back to 0 by subtracting what it holds: the worker's Redis user may not SET.
        redis.call('DECRBY', KEYS[2], queued)
        return queued
        """);

    /// <returns>The drifted value the counter held, now 0; or 0 when it was left as it was.</returns>
    public static async Task<long> RunAsync(IDatabase db, RedisKey stream, RedisKey counter, string group) =>
        (long)await Script.EvaluateAsync(db, [stream, counter], [group]);
}

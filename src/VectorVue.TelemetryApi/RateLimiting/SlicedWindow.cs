namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// The rate limiter's window, shared by every limit (docs/ingestion-contract.md#rate-limits): a sliding window of
/// <see cref="Slices"/> slices, each a tenth of the window, aligned on Redis' clock. A limit's key is a small hash of
/// at most <see cref="Slices"/> fields (slice number → events admitted in it), so its memory and the work of a
/// decision are constant whatever the rate. An event counts against its limit from its admission until one window
/// after the start of its slice: for between nine tenths of a window and a whole one. A request of <c>n</c> events
/// passes if every limit it counts against has room for all <c>n</c>; a refusal takes nothing and says exactly when
/// the same request would pass (the end of the oldest slices whose events must leave), which is never more than one
/// window away.
/// </summary>
internal static class SlicedWindow
{
    /// <summary>Slices per window.</summary>
    public const int Slices = 10;

    /// <summary>
    /// Lua shared by the scripts that decide limits (their callers add their own body). <c>now</c> and slice lengths
    /// are microseconds (Redis' <c>TIME</c>); every number stays an integer below 2^53, so doubles hold them exactly.
    /// <list type="bullet">
    /// <item><c>read_window(key, slice)</c>: the window's live slices, the events in them, and the expired fields.</item>
    /// <item><c>wait_for(w, limit, n, slice_us, now)</c>: 0 when <c>n</c> more fit; otherwise microseconds until they
    /// do (one window when <c>n</c> exceeds the limit: it never will).</item>
    /// <item><c>reset_of(w, slice_us, now)</c>: microseconds until the window holds nothing.</item>
    /// <item><c>take(key, w, slice, n, window_ms)</c>: records <c>n</c> events in the current slice and drops expired ones.</item>
    /// </list>
    /// </summary>
    public const string Lua = """
        local SLICES = 10
        local function read_window(key, slice)
            local fields = redis.call('HGETALL', key)
            local w = { used = 0, live = {}, stale = {} }
            for i = 1, #fields, 2 do
                local s = tonumber(fields[i])
                if s > slice - SLICES then
                    local c = tonumber(fields[i + 1])
                    w.live[#w.live + 1] = { s, c }
                    w.used = w.used + c
                else
                    w.stale[#w.stale + 1] = fields[i]
                end
            end
            return w
        end
        local function wait_for(w, limit, n, slice_us, now)
            if w.used + n <= limit then
                return 0
            end
            if n > limit then
                return SLICES * slice_us
            end
            table.sort(w.live, function(a, b) return a[1] < b[1] end)
            local used = w.used
            for _, live in ipairs(w.live) do
                used = used - live[2]
                if used + n <= limit then
                    return (live[1] + SLICES) * slice_us - now
                end
            end
            return SLICES * slice_us
        end
        local function reset_of(w, slice_us, now)
            local newest = nil
            for _, live in ipairs(w.live) do
                if newest == nil or live[1] > newest then
                    newest = live[1]
                end
            end
            if newest == nil then
                return 0
            end
            return (newest + SLICES) * slice_us - now
        end
        local function take(key, w, slice, n, window_ms)
            if #w.stale > 0 then
                redis.call('HDEL', key, unpack(w.stale))
            end
            redis.call('HINCRBY', key, string.format('%d', slice), n)
            redis.call('PEXPIRE', key, window_ms)
            w.used = w.used + n
            w.live[#w.live + 1] = { slice, n }
        end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        """;

    /// <summary>Length of one slice of <paramref name="window"/>, in microseconds.</summary>
    public static long SliceMicroseconds(TimeSpan window) => window.Ticks / TimeSpan.TicksPerMicrosecond / Slices;

    /// <summary>The window as the scripts see it (whole slices), in milliseconds, rounded up: the keys' expiry.</summary>
    public static long WindowMilliseconds(TimeSpan window) => ((SliceMicroseconds(window) * Slices) + 999) / 1000;

    /// <summary>A duration the scripts return in microseconds.</summary>
    public static TimeSpan Microseconds(long microseconds) => TimeSpan.FromTicks(Math.Max(0, microseconds) * TimeSpan.TicksPerMicrosecond);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// What one caller (tenant + user) may make this replica read and parse without any of it being accepted: a
/// <see cref="LeakyBucket"/> of <see cref="RateLimitOptions.ParseBudgetBytes"/> per <see cref="RateLimitOptions.Window"/>,
/// charged after the fact with the bytes of the caller's refused requests (<c>Ingestion/RefusedWork</c>) and checked
/// before a body is read. It lives in this process, so the success path costs one dictionary look-up and no Redis
/// round trip; across replicas a caller's budget is at most the number of replicas times this one
/// (docs/ingestion-contract.md#rate-limits).
/// </summary>
internal sealed class ParseBudget(IOptions<RateLimitOptions> options, TimeProvider timeProvider)
{
    /// <summary>The <c>scope</c> of its 429s.</summary>
    public const string Scope = "parse_budget";

    /// <summary>What a refused request costs at least, however short its body, so a flood of tiny ones is bounded too.</summary>
    public const int MinimumCharge = 1024;

    private readonly ConcurrentDictionary<(Guid TenantId, string? Username), LeakyBucket> _buckets = new();
    private long _nextSweepTicks;

    /// <summary>The callers with something left in their bucket (and, until the next sweep, some whose bucket is empty).</summary>
    public int TrackedCallers => _buckets.Count;

    /// <returns>Zero when the caller's requests may be read; otherwise how long until they may.</returns>
    public TimeSpan WaitFor(Guid tenantId, string? username)
    {
        if (!_buckets.TryGetValue((tenantId, username), out var bucket))
        {
            return TimeSpan.Zero;
        }

        lock (bucket)
        {
            return bucket.WaitFor(timeProvider.GetUtcNow());
        }
    }

    /// <summary>Charges the caller for <paramref name="bytes"/> read and refused (at least <see cref="MinimumCharge"/>).</summary>
    public void Charge(Guid tenantId, string? username, long bytes)
    {
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var charge = Math.Max(bytes, MinimumCharge);
        while (true)
        {
            var bucket = _buckets.GetOrAdd((tenantId, username), _ => new LeakyBucket(limits.ParseBudgetBytes, limits.Window));
            lock (bucket)
            {
                // A bucket the sweep just dropped is no longer in the registry: take the new one.
                if (!bucket.Discarded)
                {
                    bucket.Add(charge, now);
                    break;
                }
            }
        }

        SweepIfDue(now, limits.Window);
    }

    /// <summary>Once per window, forgets the callers whose bucket has drained: memory follows recent refusals only.</summary>
    private void SweepIfDue(DateTimeOffset now, TimeSpan window)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + window.Ticks, due) != due)
        {
            return;
        }

        foreach (var entry in _buckets)
        {
            lock (entry.Value)
            {
                if (entry.Value.IsEmpty(now))
                {
                    entry.Value.Discard();
                    _buckets.TryRemove(entry);
                }
            }
        }
    }
}

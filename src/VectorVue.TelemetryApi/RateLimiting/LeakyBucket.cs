namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// A level that rises by what is added and drains at a constant rate: <paramref name="capacity"/> per
/// <paramref name="drainTime"/>. It is full from <paramref name="capacity"/> up; the last addition may overshoot,
/// and then the time to wait says how long the overshoot takes to drain. Not thread-safe: its owner locks it.
/// </summary>
internal sealed class LeakyBucket(long capacity, TimeSpan drainTime)
{
    private readonly double _drainPerTick = (double)capacity / drainTime.Ticks;
    private double _level;
    private long _updatedTicks;

    /// <summary>Set by the owner once the bucket is dropped from its registry; a discarded bucket takes nothing more.</summary>
    public bool Discarded { get; private set; }

    public void Add(long amount, DateTimeOffset now)
    {
        Drain(now);
        _level += amount;
    }

    /// <summary>Zero while the level is below capacity; otherwise how long until it is.</summary>
    public TimeSpan WaitFor(DateTimeOffset now)
    {
        var over = Drain(now) - capacity;
        return over < 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(over / _drainPerTick) + 1);
    }

    public bool IsEmpty(DateTimeOffset now) => Drain(now) <= 0;

    public void Discard() => Discarded = true;

    private double Drain(DateTimeOffset now)
    {
        var elapsed = now.UtcTicks - _updatedTicks;
        if (elapsed > 0)
        {
            _level = Math.Max(0, _level - (elapsed * _drainPerTick));
            _updatedTicks = now.UtcTicks;
        }

        return _level;
    }
}

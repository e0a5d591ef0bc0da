namespace VectorVue.Worker.Draining;

/// <summary>Capped exponential backoff with full jitter: attempt n waits a random time up to min(max, base·2ⁿ).</summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, Random random)
{
    private int _failures;

    public int Failures => _failures;

    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_failures++, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        // Never below the base delay, so a flapping dependency is not hammered.
        return TimeSpan.FromMilliseconds(Math.Max(baseDelay.TotalMilliseconds, ceiling * random.NextDouble()));
    }

    public void Reset() => _failures = 0;
}

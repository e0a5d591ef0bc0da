namespace VectorVue.TelemetryApi.Tenants;

/// <summary>
/// Remembers that the database could not be reached, so that requests do not each wait for a look-up to fail:
/// while it is open, only one look-up per <c>probeInterval</c> tries the database again (the probe); the first
/// look-up that succeeds closes it.
/// </summary>
internal sealed class DirectoryCircuit(TimeSpan probeInterval)
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _downSince;
    private DateTimeOffset _nextProbe;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _downSince is not null;
            }
        }
    }

    /// <returns>True when a look-up may try the database now: it is believed reachable, or this caller is the probe.</returns>
    public bool TryEnter(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_downSince is null)
            {
                return true;
            }

            if (now < _nextProbe)
            {
                return false;
            }

            _nextProbe = now + probeInterval;
            return true;
        }
    }

    /// <returns>True when this failure opened the circuit (the database was believed reachable until now).</returns>
    public bool Failed(DateTimeOffset now)
    {
        lock (_lock)
        {
            _nextProbe = now + probeInterval;
            if (_downSince is not null)
            {
                return false;
            }

            _downSince = now;
            return true;
        }
    }

    /// <returns>How long the database had been unreachable, or null when it was believed reachable.</returns>
    public TimeSpan? Succeeded(DateTimeOffset now)
    {
        lock (_lock)
        {
            var downSince = _downSince;
            _downSince = null;
            return now - downSince;
        }
    }
}

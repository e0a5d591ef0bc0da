namespace VectorVue.TelemetryApi.Tenants;

/// <summary>
/// The remembered tenant/user states, at most <c>capacity</c> of them: storing one more forgets the least recently
/// used, so a flood of tokens for ever new tenants or users cannot grow memory without bound.
/// </summary>
internal sealed class TenantAccessCache(int capacity)
{
    private readonly Dictionary<TenantKey, LinkedListNode<(TenantKey Key, CachedAccess Value)>> _entries = [];
    private readonly LinkedList<(TenantKey Key, CachedAccess Value)> _byRecency = new(); // most recently used first
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(TenantKey key, out CachedAccess value)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var node))
            {
                value = default;
                return false;
            }

            _byRecency.Remove(node);
            _byRecency.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
    }

    /// <returns>How many entries were forgotten to make room (0 or 1).</returns>
    public int Store(TenantKey key, CachedAccess value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _byRecency.Remove(node);
                node.Value = (key, value);
                _byRecency.AddFirst(node);
                return 0;
            }

            _entries[key] = _byRecency.AddFirst((key, value));
            if (_entries.Count <= capacity)
            {
                return 0;
            }

            var eldest = _byRecency.Last!;
            _byRecency.RemoveLast();
            _entries.Remove(eldest.Value.Key);
            return 1;
        }
    }
}

/// <summary>A tenant/user state as the database last confirmed it, at <see cref="LoadedAt"/>, good for <see cref="Lifetime"/>.</summary>
internal readonly record struct CachedAccess(TenantAccess Access, DateTimeOffset LoadedAt, TimeSpan Lifetime)
{
    public TimeSpan AgeAt(DateTimeOffset now) => now - LoadedAt;
}

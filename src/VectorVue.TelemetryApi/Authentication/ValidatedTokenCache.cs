using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// Tokens that passed validation (signature by the key they name, issuer, audience, lifetime), keyed by the whole
/// token string: only the identical token finds an entry, so nothing unvalidated gets in. An entry lives until the
/// token's <c>exp</c> or <see cref="TokenCacheOptions.MaxAge"/>, whichever comes first; at most
/// <see cref="TokenCacheOptions.MaxEntries"/> are held. Refusals are never kept.
/// </summary>
internal sealed class ValidatedTokenCache(IOptions<TokenCacheOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public int Count => _entries.Count;

    public bool TryGet(string token, out TokenValidationResult result)
    {
        if (_entries.TryGetValue(token, out var entry))
        {
            if (timeProvider.GetUtcNow() < entry.Expires)
            {
                result = entry.Result;
                return true;
            }

            _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
        }

        result = null!;
        return false;
    }

    /// <summary>Keeps a token that was just validated, until its <c>exp</c> or the maximum age.</summary>
    public void Add(string token, TokenValidationResult result)
    {
        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        var expires = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero);
        if (limits.MaxAge < expires - now)
        {
            expires = now + limits.MaxAge;
        }

        if (limits.MaxEntries == 0 || expires <= now)
        {
            return;
        }

        if (_entries.Count >= limits.MaxEntries)
        {
            Sweep(now, limits.MaxAge);
            if (_entries.Count >= limits.MaxEntries)
            {
                return;
            }
        }

        _entries[token] = new Entry(result, expires);
    }

    /// <summary>Drops expired entries, at most once per maximum age (a full cache of live tokens is not swept on every miss).</summary>
    private void Sweep(DateTimeOffset now, TimeSpan maxAge)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.UtcTicks + (maxAge.Ticks / 10), due) != due)
        {
            return;
        }

        foreach (var entry in _entries)
        {
            if (entry.Value.Expires <= now)
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private sealed record Entry(TokenValidationResult Result, DateTimeOffset Expires);
}

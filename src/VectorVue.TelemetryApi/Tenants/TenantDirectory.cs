using Microsoft.Extensions.Options;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>
/// Answers "may this tenant send, and which user is <c>sub</c>?" from remembered look-ups, so that a request costs
/// no database round trip and ingestion keeps going while PostgreSQL is down (docs/ingestion-contract.md, "Identity"):
/// <list type="bullet">
/// <item>a state younger than its lifetime (<see cref="TenantDirectoryOptions.CacheDuration"/>, or
/// <see cref="TenantDirectoryOptions.NegativeCacheDuration"/> for an unknown tenant or user) is served as it is;</item>
/// <item>one that expired less than a lifetime ago is served at once while one reload runs (stale-while-revalidate);
/// an older one waits for its reload, so a tenant that sends rarely never gets a state the database no longer holds;</item>
/// <item>when the database cannot answer, a state up to <see cref="TenantDirectoryOptions.MaxStaleness"/> old is
/// served (counted, logged once per outage); past that, or for a tenant never looked up, the answer is
/// <see cref="TenantDirectoryUnavailableException"/> (503);</item>
/// <item>one look-up per key at a time, each bounded by <see cref="TenantDirectoryOptions.LookupTimeout"/>; while
/// the database is known to be down only one probe per <see cref="TenantDirectoryOptions.OutageProbeInterval"/>
/// tries it, and nobody else waits;</item>
/// <item>at most <see cref="TenantDirectoryOptions.MaxEntries"/> states, the least recently used forgotten first.</item>
/// </list>
/// </summary>
internal sealed partial class TenantDirectory
{
    private readonly ITenantLookup _lookup;
    private readonly TenantDirectoryOptions _options;
    private readonly TimeProvider _clock;
    private readonly TenantDirectoryMetrics _metrics;
    private readonly ILogger<TenantDirectory> _logger;
    private readonly TenantAccessCache _cache;
    private readonly DirectoryCircuit _circuit;
    private readonly SingleFlight<TenantKey, TenantAccess?> _loads = new();

    public TenantDirectory(
        ITenantLookup lookup,
        IOptions<TenantDirectoryOptions> options,
        TimeProvider clock,
        TenantDirectoryMetrics metrics,
        ILogger<TenantDirectory> logger)
    {
        _lookup = lookup;
        _options = options.Value;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _cache = new TenantAccessCache(_options.MaxEntries);
        _circuit = new DirectoryCircuit(_options.OutageProbeInterval);
    }

    /// <exception cref="TenantDirectoryUnavailableException">The database cannot be reached and no state of this tenant and user recent enough is remembered.</exception>
    public async ValueTask<TenantAccess> GetAccessAsync(Guid tenantId, string? username, CancellationToken cancellationToken)
    {
        var key = TenantKey.Of(tenantId, username);
        var now = _clock.GetUtcNow();
        var known = _cache.TryGet(key, out var cached);
        var age = cached.AgeAt(now);
        if (known && age < cached.Lifetime)
        {
            return cached.Access;
        }

        var databaseDown = _circuit.IsOpen;
        if (!_circuit.TryEnter(now))
        {
            return known ? Stale(key, cached, age) : throw NeverLookedUp(key);
        }

        var load = _loads.RunAsync(key, LoadAsync);
        if (known && (databaseDown || age < cached.Lifetime * 2) && age <= _options.MaxStaleness)
        {
            // Served at once: while the database is down this load is the probe; else it refreshes the entry.
            return databaseDown ? Stale(key, cached, age) : cached.Access;
        }

        var loaded = await load.WaitAsync(cancellationToken);
        return loaded ?? (known ? Stale(key, cached, age) : throw NeverLookedUp(key));
    }

    /// <summary>Looks the key up (bounded by the look-up timeout) and remembers the answer; null when the database did not answer.</summary>
    private async Task<TenantAccess?> LoadAsync(TenantKey key)
    {
        using var timeout = new CancellationTokenSource(_options.LookupTimeout, _clock);
        try
        {
            var access = await _lookup.LookUpAsync(key, timeout.Token);
            var now = _clock.GetUtcNow();
            _metrics.Evicted(_cache.Store(key, new CachedAccess(access, now, LifetimeOf(key, access))));
            if (_circuit.Succeeded(now) is { } outage)
            {
                LogDirectoryReachable(_logger, outage);
            }

            return access;
        }
        catch (Exception ex)
        {
            var reason = ex switch
            {
                OperationCanceledException when timeout.IsCancellationRequested => "timeout",
                TenantDirectoryUnavailableException => "unreachable",
                _ => "error",
            };
            _metrics.LookupFailed(reason);
            if (reason == "error")
            {
                LogLookupError(_logger, ex, key.TenantId);
            }

            if (_circuit.Failed(_clock.GetUtcNow()))
            {
                LogDirectoryUnreachable(_logger, ex, reason, _options.MaxStaleness);
            }

            return null;
        }
    }

    private TimeSpan LifetimeOf(TenantKey key, TenantAccess access) =>
        access.Status == TenantStatus.Active && (key.Username is null || access.UserId is not null)
            ? _options.CacheDuration
            : _options.NegativeCacheDuration;

    private TenantAccess Stale(TenantKey key, CachedAccess cached, TimeSpan age)
    {
        if (age > _options.MaxStaleness)
        {
            throw new TenantDirectoryUnavailableException(
                $"The tenant directory cannot be reached and the state of tenant {key.TenantId} it remembers is older than {_options.MaxStaleness}.");
        }

        _metrics.StaleServed(key.TenantId);
        return cached.Access;
    }

    private static TenantDirectoryUnavailableException NeverLookedUp(TenantKey key) =>
        new($"The tenant directory cannot be reached and tenant {key.TenantId} has not been looked up before.");

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Tenant directory unreachable ({Reason}): serving remembered tenant states up to {MaxStaleness} old; tenants not remembered get 503")]
    private static partial void LogDirectoryUnreachable(ILogger logger, Exception exception, string reason, TimeSpan maxStaleness);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant directory reachable again after {Outage}")]
    private static partial void LogDirectoryReachable(ILogger logger, TimeSpan outage);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant look-up of tenant {TenantId} failed unexpectedly")]
    private static partial void LogLookupError(ILogger logger, Exception exception, Guid tenantId);
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using VectorVue.TelemetryApi.Tenants;

namespace VectorVue.Tests.Tenants;

/// <summary>
/// The tenant cache's policy on a fake clock: fresh states cost no look-up, stale ones are served while the database
/// is down (up to the staleness bound), one look-up per key, fast failure while the database is known down, a
/// bounded size, and how unknown tenants and deactivations are seen.
/// </summary>
public sealed class TenantDirectoryTests : IDisposable
{
    private static readonly Guid Tenant = Guid.Parse("7e000000-0000-4000-8000-000000000001");
    private static readonly Guid User = Guid.Parse("7e000000-0000-4000-8000-0000000000a1");
    private static readonly TimeSpan Lifetime = new TenantDirectoryOptions().CacheDuration;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly TenantTable _database = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricCollector<long> _staleServed;
    private readonly MetricCollector<long> _lookupsFailed;
    private readonly MetricCollector<long> _evicted;

    public TenantDirectoryTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _staleServed = new MetricCollector<long>(meters, "VectorVue.Telemetry", "vectorvue.tenants.stale_served");
        _lookupsFailed = new MetricCollector<long>(meters, "VectorVue.Telemetry", "vectorvue.tenants.lookups.failed");
        _evicted = new MetricCollector<long>(meters, "VectorVue.Telemetry", "vectorvue.tenants.cache.evicted");
        _database.Add(Tenant, active: true, ("analyst", User));
    }

    public void Dispose()
    {
        _staleServed.Dispose();
        _lookupsFailed.Dispose();
        _evicted.Dispose();
        _services.Dispose();
    }

    private TenantDirectory NewDirectory(Action<TenantDirectoryOptions>? configure = null)
    {
        var options = new TenantDirectoryOptions();
        configure?.Invoke(options);
        return new TenantDirectory(_database, Options.Create(options), _clock,
            new TenantDirectoryMetrics(_services.GetRequiredService<IMeterFactory>()), NullLogger<TenantDirectory>.Instance);
    }

    private static Task<TenantAccess> GetAsync(TenantDirectory directory, Guid? tenant = null, string? username = "analyst") =>
        directory.GetAccessAsync(tenant ?? Tenant, username, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task A_remembered_state_costs_no_look_up_until_it_expires()
    {
        var directory = NewDirectory();

        Assert.Equal(new TenantAccess(TenantStatus.Active, User), await GetAsync(directory));
        _clock.Advance(Lifetime - TimeSpan.FromSeconds(1));
        await GetAsync(directory);
        Assert.Equal(1, _database.LookUps);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory)).Status);
        Assert.Equal(2, _database.LookUps);
    }

    [Fact]
    public async Task While_the_database_is_down_the_last_known_state_is_served_up_to_the_staleness_bound()
    {
        var directory = NewDirectory();
        var loadedAt = _clock.GetUtcNow();
        await GetAsync(directory);
        _database.Down = true;

        foreach (var later in (TimeSpan[])[Lifetime * 3, TimeSpan.FromMinutes(45), TimeSpan.FromHours(6)])
        {
            _clock.SetUtcNow(loadedAt + later);
            Assert.Equal(new TenantAccess(TenantStatus.Active, User), await GetAsync(directory));
        }

        Assert.Equal(3, _staleServed.GetMeasurementSnapshot().Count);
        Assert.All(_staleServed.GetMeasurementSnapshot(), m => Assert.Equal(Tenant.ToString(), m.Tags["tenant.id"]));

        _clock.Advance(TimeSpan.FromSeconds(1)); // past MaxStaleness (6 h)
        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory));

        _database.Down = false;
        _clock.Advance(new TenantDirectoryOptions().OutageProbeInterval);
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory)).Status);
    }

    [Fact]
    public async Task A_state_past_its_lifetime_is_served_at_once_while_one_reload_runs()
    {
        var directory = NewDirectory();
        await GetAsync(directory);
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));
        _database.Gate = new TaskCompletionSource();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync(directory)));

        Assert.All(answers, a => Assert.Equal(TenantStatus.Active, a.Status));
        Assert.Equal(2, _database.LookUps); // the first load and one reload, still running
        _database.Gate.SetResult();
        Assert.Empty(_staleServed.GetMeasurementSnapshot()); // a refresh, not an outage
    }

    [Fact]
    public async Task Concurrent_requests_for_a_key_not_remembered_share_one_look_up()
    {
        var directory = NewDirectory();
        _database.Gate = new TaskCompletionSource();

        var waiting = Enumerable.Range(0, 20).Select(_ => GetAsync(directory)).ToList();
        Assert.Equal(1, _database.LookUps);
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        _database.Gate.SetResult();

        Assert.All(await Task.WhenAll(waiting), a => Assert.Equal(new TenantAccess(TenantStatus.Active, User), a));
        Assert.Equal(1, _database.LookUps);
    }

    [Fact]
    public async Task A_tenant_never_looked_up_gets_unavailable_and_while_the_database_is_known_down_without_waiting()
    {
        var directory = NewDirectory();
        var other = Guid.NewGuid();
        _database.Add(other, active: true);
        _database.Down = true;

        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory));
        Assert.Equal(1, _database.LookUps);

        // Known down: no look-up, no wait, until the next probe.
        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory, other, null));
        Assert.Equal(1, _database.LookUps);

        _clock.Advance(new TenantDirectoryOptions().OutageProbeInterval);
        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory, other, null));
        Assert.Equal(2, _database.LookUps); // the probe
        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory, other, null));
        Assert.Equal(2, _database.LookUps);

        _database.Down = false;
        _clock.Advance(new TenantDirectoryOptions().OutageProbeInterval);
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory, other, null)).Status);
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory)).Status); // closed again: no probe interval to wait for
    }

    [Fact]
    public async Task While_the_database_is_known_down_remembered_states_are_served_without_waiting_for_the_probe()
    {
        var directory = NewDirectory();
        await GetAsync(directory);
        _database.Down = true;
        _clock.Advance(Lifetime * 3);
        await GetAsync(directory); // finds the database down

        _database.Hangs = true; // a black-holed server: the probe waits until the look-up timeout
        _clock.Advance(new TenantDirectoryOptions().OutageProbeInterval);
        var served = GetAsync(directory);

        Assert.True(served.IsCompletedSuccessfully);
        Assert.Equal(TenantStatus.Active, (await served).Status);
    }

    [Fact]
    public async Task A_look_up_that_hangs_ends_at_the_look_up_timeout()
    {
        var directory = NewDirectory();
        _database.Hangs = true;

        var pending = GetAsync(directory);
        Assert.False(pending.IsCompleted);
        _clock.Advance(new TenantDirectoryOptions().LookupTimeout);

        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => pending);
        Assert.Equal("timeout", Assert.Single(_lookupsFailed.GetMeasurementSnapshot()).Tags["reason"]);
    }

    [Fact]
    public async Task The_cache_forgets_the_least_recently_used_state_beyond_its_bound()
    {
        var directory = NewDirectory(o => o.MaxEntries = 100);
        var tenants = Enumerable.Range(0, 101).Select(_ => Guid.NewGuid()).ToList();
        tenants.ForEach(t => _database.Add(t, active: true));
        foreach (var tenant in tenants.Take(100))
        {
            await GetAsync(directory, tenant, null);
        }

        await GetAsync(directory, tenants[0], null); // used again: now the most recent
        await GetAsync(directory, tenants[100], null); // one too many: tenants[1] is forgotten
        Assert.Equal(1, _evicted.GetMeasurementSnapshot().Sum(m => m.Value));

        _database.Down = true;
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory, tenants[0], null)).Status);
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory, tenants[2], null)).Status);
        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory, tenants[1], null));
    }

    [Fact]
    public async Task An_unknown_tenant_is_remembered_briefly_so_a_new_tenant_becomes_usable_within_seconds()
    {
        var directory = NewDirectory();
        var newcomer = Guid.NewGuid();

        Assert.Equal(TenantAccess.Unknown, await GetAsync(directory, newcomer, null));
        _database.Add(newcomer, active: true);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TenantAccess.Unknown, await GetAsync(directory, newcomer, null));
        Assert.Equal(1, _database.LookUps);

        _clock.Advance(TimeSpan.FromSeconds(2)); // past the 3 s negative lifetime: served once more while it reloads
        await GetAsync(directory, newcomer, null);
        Assert.Equal(TenantStatus.Active, (await GetAsync(directory, newcomer, null)).Status);
    }

    [Fact]
    public async Task During_an_outage_an_unknown_tenant_stays_unknown_rather_than_unavailable()
    {
        var directory = NewDirectory();
        var stranger = Guid.NewGuid();
        await GetAsync(directory, stranger, null);
        _database.Down = true;

        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TenantAccess.Unknown, await GetAsync(directory, stranger, null));
    }

    [Fact]
    public async Task A_deactivation_is_seen_at_the_first_reload_after_the_lifetime()
    {
        var directory = NewDirectory();
        var rare = Guid.NewGuid();
        _database.Add(rare, active: true);
        await GetAsync(directory);
        await GetAsync(directory, rare, null);
        _database.Add(Tenant, active: false, ("analyst", User));
        _database.Add(rare, active: false);

        // A busy tenant: the request that finds the state just expired is still answered from it while the reload
        // runs; every later one sees the deactivation.
        _clock.Advance(Lifetime + TimeSpan.FromMilliseconds(1));
        await GetAsync(directory);
        Assert.Equal(TenantStatus.Inactive, (await GetAsync(directory)).Status);

        // A tenant that sends rarely: its state is long expired, so the request waits for the reload.
        _clock.Advance(Lifetime * 3);
        Assert.Equal(TenantStatus.Inactive, (await GetAsync(directory, rare, null)).Status);
    }

    [Fact]
    public async Task A_user_name_no_user_can_have_is_looked_up_as_the_tenant_alone()
    {
        var directory = NewDirectory();

        var access = await GetAsync(directory, Tenant, new string('x', TenantKey.MaxUsernameLength + 1));

        Assert.Equal(new TenantAccess(TenantStatus.Active, null), access);
        Assert.Equal(new TenantKey(Tenant, null), Assert.Single(_database.Keys));
    }

    [Fact]
    public async Task With_no_staleness_allowed_an_expired_state_is_never_served_while_the_database_is_down()
    {
        var directory = NewDirectory(o => o.MaxStaleness = TimeSpan.Zero);
        await GetAsync(directory);
        _database.Down = true;
        _clock.Advance(Lifetime + TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TenantDirectoryUnavailableException>(() => GetAsync(directory));
    }

    /// <summary>The tenants and users tables as the look-up sees them, and a database that can be down or hang.</summary>
    private sealed class TenantTable : ITenantLookup
    {
        private readonly Dictionary<Guid, (bool Active, Dictionary<string, Guid> Users)> _tenants = [];
        private int _lookUps;

        public int LookUps => _lookUps;

        public List<TenantKey> Keys { get; } = [];

        public bool Down { get; set; }

        /// <summary>Look-ups wait until cancelled, as against a server that does not answer.</summary>
        public bool Hangs { get; set; }

        /// <summary>While set and not completed, look-ups wait for it.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public void Add(Guid tenant, bool active, params (string Name, Guid Id)[] users) =>
            _tenants[tenant] = (active, users.ToDictionary(u => u.Name, u => u.Id));

        public async Task<TenantAccess> LookUpAsync(TenantKey key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookUps);
            lock (Keys)
            {
                Keys.Add(key);
            }

            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Down)
            {
                throw new TenantDirectoryUnavailableException("The database is down (test).");
            }

            if (!_tenants.TryGetValue(key.TenantId, out var tenant))
            {
                return TenantAccess.Unknown;
            }

            Guid? userId = key.Username is not null && tenant.Users.TryGetValue(key.Username, out var id) ? id : null;
            return new TenantAccess(tenant.Active ? TenantStatus.Active : TenantStatus.Inactive, userId);
        }
    }
}

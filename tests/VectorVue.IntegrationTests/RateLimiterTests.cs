using Microsoft.Extensions.Options;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The rate limiter's decisions on the system's own Redis, at the edges: exactly at the limit, one more, a request
/// larger than the limit, and the units coming back once the window has passed. Each test uses a tenant of its own
/// (the keys are per tenant), and limits and window set through <see cref="RateLimitOptions"/>. The decisions are the
/// API's admission script's (which also queues what it admits): here its entries go to a stream of the test class's
/// own that nobody reads, deleted at the end.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class RateLimiterTests(VectorVueAppFixture fixture) : IAsyncLifetime
{
    private const int UserLimit = 5;
    private const int TenantLimit = 8;
    private static readonly TimeSpan LongWindow = TimeSpan.FromMinutes(1);
    private readonly StreamShards _scratch = new(new EventStreamOptions { StreamKey = $"vectorvue:test:{Guid.NewGuid():N}" });

    [Fact]
    public async Task Exactly_the_limit_passes_one_event_at_a_time_and_one_more_is_refused()
    {
        var limiter = await LimiterAsync(LongWindow);
        var tenantId = Guid.NewGuid();

        for (var i = 1; i <= UserLimit; i++)
        {
            var admitted = await limiter.AcquireAsync(tenantId, "ada", 1, CancellationToken.None);
            Assert.True(admitted.Allowed, $"event {i} of {UserLimit}");
            Assert.Equal((UserLimit, UserLimit - i), (admitted.Limit, admitted.Remaining));
        }

        var refused = await limiter.AcquireAsync(tenantId, "ada", 1, CancellationToken.None);
        Assert.False(refused.Allowed);
        Assert.Equal(("user", 0), (refused.Scope, refused.Remaining));
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), LongWindow);
    }

    [Fact]
    public async Task A_request_of_exactly_the_limit_passes_whole_and_leaves_nothing()
    {
        var limiter = await LimiterAsync(LongWindow);
        var tenantId = Guid.NewGuid();

        var admitted = await limiter.AcquireAsync(tenantId, "ada", UserLimit, CancellationToken.None);
        Assert.True(admitted.Allowed);
        Assert.Equal(0, admitted.Remaining);

        Assert.False((await limiter.AcquireAsync(tenantId, "ada", 1, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task A_request_larger_than_the_limit_is_refused_whole_with_a_retry_within_the_window_and_takes_nothing()
    {
        var limiter = await LimiterAsync(LongWindow);
        var tenantId = Guid.NewGuid();

        var refused = await limiter.AcquireAsync(tenantId, "ada", UserLimit + 1, CancellationToken.None);
        Assert.False(refused.Allowed);
        Assert.Equal("user", refused.Scope);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), LongWindow);

        // The refused request took no units: the whole limit is still there.
        var admitted = await limiter.AcquireAsync(tenantId, "ada", UserLimit, CancellationToken.None);
        Assert.True(admitted.Allowed);
    }

    [Fact]
    public async Task The_tenant_limit_holds_for_its_users_together_and_refuses_whole()
    {
        var limiter = await LimiterAsync(LongWindow);
        var tenantId = Guid.NewGuid();
        Assert.True((await limiter.AcquireAsync(tenantId, "ada", UserLimit, CancellationToken.None)).Allowed);

        // 5 + 4 > 8: the colleague is within the user limit but over the tenant's, and gets none of the 4.
        var refused = await limiter.AcquireAsync(tenantId, "grace", TenantLimit - UserLimit + 1, CancellationToken.None);
        Assert.False(refused.Allowed);
        Assert.Equal("tenant", refused.Scope);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), LongWindow);

        var admitted = await limiter.AcquireAsync(tenantId, "grace", TenantLimit - UserLimit, CancellationToken.None);
        Assert.True(admitted.Allowed);
        Assert.Equal((TenantLimit, 0), (admitted.Limit, admitted.Remaining));

        // Another tenant is unaffected.
        Assert.True((await limiter.AcquireAsync(Guid.NewGuid(), "grace", UserLimit, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task After_the_window_the_units_return()
    {
        var window = TimeSpan.FromSeconds(1); // the shortest the options allow
        var limiter = await LimiterAsync(window);
        var tenantId = Guid.NewGuid();
        Assert.True((await limiter.AcquireAsync(tenantId, "ada", UserLimit, CancellationToken.None)).Allowed);
        var refused = await limiter.AcquireAsync(tenantId, "ada", 1, CancellationToken.None);
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromTicks(1), window);

        // A refusal takes nothing, so asking again until the window has passed is harmless; the wait is bounded.
        using var timeout = new CancellationTokenSource(TestTimeouts.Request);
        await Task.Delay(refused.RetryAfter, timeout.Token);
        while (!(await limiter.AcquireAsync(tenantId, "ada", UserLimit, timeout.Token)).Allowed)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() =>
        await (await fixture.ConnectRedisAsync()).GetDatabase().KeyDeleteAsync([_scratch.StreamKey(0), _scratch.QueuedCounterKey(0)]);

    private async Task<Limiter> LimiterAsync(TimeSpan window)
    {
        var options = new RateLimitOptions { Window = window, UserLimit = UserLimit, TenantLimit = TenantLimit };
        return new Limiter(new AdmissionScript(
            await fixture.ConnectRedisAsync(), new RateLimitKeys(_scratch), Options.Create(options), Options.Create(new QueueCapacityOptions())));
    }

    /// <summary>The admission script as a limiter: each request one entry of its events, the limits' answer.</summary>
    private sealed class Limiter(AdmissionScript script)
    {
        public async Task<RateLimitDecision> AcquireAsync(Guid tenantId, string username, int count, CancellationToken cancellationToken)
        {
            var events = Enumerable.Range(0, count).Select(_ => new QueuedEvent(
                Guid.NewGuid(), tenantId, null, "DASHBOARD_VIEWED", "dashboard", null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null)).ToArray();
            var admission = await script.AdmitAsync(tenantId, username, trace => QueueEntry.Batch(events, trace), cancellationToken);
            Assert.NotEqual(AdmissionOutcome.QueueFull, admission.Outcome);
            Assert.Equal(admission.Outcome == AdmissionOutcome.Accepted, admission.EntryId is not null);
            return admission.Limits!;
        }
    }
}

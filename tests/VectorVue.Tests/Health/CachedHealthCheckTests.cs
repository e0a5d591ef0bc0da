using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using VectorVue.TelemetryApi.Health;

namespace VectorVue.Tests.Health;

public sealed class CachedHealthCheckTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Calls_within_the_lifetime_reuse_one_result_of_the_real_check()
    {
        var (cached, check, time) = Create();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HealthStatus.Healthy, (await RunAsync(cached)).Status);
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(1, check.Runs);
    }

    [Fact]
    public async Task After_the_lifetime_the_real_check_runs_again_and_its_new_answer_is_returned()
    {
        var (cached, check, time) = Create();
        await RunAsync(cached);

        check.Next = HealthStatus.Unhealthy;
        time.Advance(Lifetime);

        Assert.Equal(HealthStatus.Unhealthy, (await RunAsync(cached)).Status);
        Assert.Equal(2, check.Runs);
    }

    [Fact]
    public async Task An_unhealthy_answer_is_reused_too()
    {
        var (cached, check, time) = Create();
        check.Next = HealthStatus.Unhealthy;

        await RunAsync(cached);
        time.Advance(Lifetime - TimeSpan.FromMilliseconds(1));

        Assert.Equal(HealthStatus.Unhealthy, (await RunAsync(cached)).Status);
        Assert.Equal(1, check.Runs);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_run()
    {
        var (cached, check, _) = Create();
        check.Delay = TimeSpan.FromMilliseconds(200);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RunAsync(cached))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, check.Runs);
    }

    private static (CachedHealthCheck Cached, CountingCheck Check, FakeTimeProvider Time) Create()
    {
        var check = new CountingCheck();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        return (new CachedHealthCheck(_ => check, time, Lifetime), check, time);
    }

    private static Task<HealthCheckResult> RunAsync(CachedHealthCheck cached)
    {
        var registration = new HealthCheckRegistration("dependency", cached.Resolve, HealthStatus.Unhealthy, []);
        return registration.Factory(null!).CheckHealthAsync(new HealthCheckContext { Registration = registration });
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public HealthStatus Next { get; set; } = HealthStatus.Healthy;

        public TimeSpan Delay { get; set; }

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _runs);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            return new HealthCheckResult(Next);
        }
    }
}

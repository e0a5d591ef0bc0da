using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using VectorVue.Worker.Health;

namespace VectorVue.Tests.Delivery;

/// <summary>A drain loop that keeps failing shows in the worker's health; one that runs again clears it.</summary>
public sealed class DrainLoopHealthTests
{
    [Fact]
    public async Task A_loop_is_reported_once_it_has_failed_three_times_in_a_row()
    {
        var health = new DrainLoopHealth(new FakeTimeProvider());
        for (var failure = 1; failure < DrainLoopHealth.FailuresBeforeUnhealthy; failure++)
        {
            Assert.Equal(failure, health.Failed("worker-2", new InvalidOperationException("boom")));
            Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
        }

        health.Failed("worker-2", new InvalidOperationException("boom again"));
        var result = await CheckAsync(health);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("worker-2", result.Description);
        Assert.Contains("InvalidOperationException: boom again", result.Description);
    }

    [Fact]
    public async Task Progress_in_between_starts_the_count_again_and_other_loops_do_not_count()
    {
        var health = new DrainLoopHealth(new FakeTimeProvider());
        health.Failed("worker-1", new InvalidOperationException());
        health.Failed("worker-1", new InvalidOperationException());
        health.Progressed("worker-1");
        Assert.Equal(1, health.Failed("worker-1", new InvalidOperationException()));

        health.Failed("worker-3", new InvalidOperationException());
        health.Failed("worker-4", new InvalidOperationException());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);

        health.Failed("worker-1", new InvalidOperationException());
        health.Failed("worker-1", new InvalidOperationException());
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync(health)).Status);
        health.Progressed("worker-1");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
    }

    private static Task<HealthCheckResult> CheckAsync(DrainLoopHealth health) =>
        health.CheckHealthAsync(new HealthCheckContext());
}

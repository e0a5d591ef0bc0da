using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using VectorVue.Worker.Health;
using VectorVue.Worker.Maintenance;

namespace VectorVue.Tests.Partitions;

/// <summary>The worker's <c>partitions</c> health entry: the last successful run, and degraded while runs fail.</summary>
public sealed class PartitionHealthTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task It_reports_the_last_successful_run()
    {
        var health = new PartitionHealth(new FakeTimeProvider(Start));
        Assert.Equal("Partition maintenance has not run yet.", (await CheckAsync(health)).Description);

        health.Succeeded(Run(Start.AddMinutes(1), created: 2, dropped: ["client_activity_events_p202510"]));

        var result = await CheckAsync(health);
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("Partitions maintained at 2026-12-04T19:01:00.0000000+00:00: through 2027-03, 2 created, 1 dropped.", result.Description);
        Assert.Equal(Start.AddMinutes(1), result.Data["last_success"]);
    }

    [Fact]
    public async Task A_failing_run_degrades_the_worker_until_the_next_success()
    {
        var clock = new FakeTimeProvider(Start);
        var health = new PartitionHealth(clock);
        health.Succeeded(Run(Start, created: 0, dropped: []));

        clock.Advance(TimeSpan.FromHours(1));
        health.Failed(new InvalidOperationException("connection refused"));
        clock.Advance(TimeSpan.FromHours(1));
        health.Failed(new InvalidOperationException("still refused"));

        var failing = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, failing.Status);
        Assert.Equal(
            "Partition maintenance failing since 2026-12-04T20:00:00.0000000+00:00 (connection refused); last maintained at 2026-12-04T19:00:00.0000000+00:00. Retried at the next interval.",
            failing.Description);

        health.Succeeded(Run(clock.GetUtcNow(), created: 0, dropped: []));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
    }

    private static PartitionRun Run(DateTimeOffset at, int created, string[] dropped) =>
        new(new DateOnly(2026, 11, 4), new DateOnly(2027, 3, 4), created, at.AddDays(-400), dropped, at);

    private static Task<HealthCheckResult> CheckAsync(PartitionHealth health) =>
        health.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("partitions", health, HealthStatus.Degraded, null),
        });
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using VectorVue.Worker.Maintenance;

namespace VectorVue.Worker.Health;

/// <summary>
/// When the partitions were last maintained. A failing run makes the worker <em>degraded</em>, not unhealthy: events
/// keep being stored (a month without a partition lands in the default partition) and the run is retried at the next
/// interval, but the partitions ahead are running out and old months are not dropped.
/// </summary>
internal sealed class PartitionHealth(TimeProvider timeProvider) : IHealthCheck
{
    private volatile PartitionRun? _lastSuccess;
    private volatile Failure? _failure;

    public void Succeeded(PartitionRun run)
    {
        _lastSuccess = run;
        _failure = null;
    }

    public void Failed(Exception exception) =>
        _failure ??= new Failure(exception.GetBaseException().Message, timeProvider.GetUtcNow());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lastSuccess = _lastSuccess;
        var since = lastSuccess is null ? "never maintained by this worker" : $"last maintained at {lastSuccess.FinishedAt:O}";
        var data = lastSuccess is null
            ? new Dictionary<string, object>()
            : new Dictionary<string, object> { ["last_success"] = lastSuccess.FinishedAt, ["through"] = lastSuccess.EnsuredThrough.ToString("yyyy-MM") };
        return Task.FromResult(_failure switch
        {
            { } failure => HealthCheckResult.Degraded(
                $"Partition maintenance failing since {failure.Since:O} ({failure.Reason}); {since}. Retried at the next interval.", data: data),
            null when lastSuccess is null => HealthCheckResult.Healthy("Partition maintenance has not run yet.", data),
            _ => HealthCheckResult.Healthy(
                $"Partitions maintained at {lastSuccess!.FinishedAt:O}: through {lastSuccess.EnsuredThrough:yyyy-MM}, {lastSuccess.Created} created, {lastSuccess.Dropped.Count} dropped.",
                data),
        });
    }

    private sealed record Failure(string Reason, DateTimeOffset Since);
}

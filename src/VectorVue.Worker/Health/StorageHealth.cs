using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VectorVue.Worker.Health;

/// <summary>
/// Whether the worker can write: unhealthy from a failed store until the next successful one, so the dashboard
/// and the orchestrator see an outage while events wait safely in the stream.
/// </summary>
internal sealed class StorageHealth(TimeProvider timeProvider) : IHealthCheck
{
    private volatile StorageFailure? _failure;

    public void Succeeded() => _failure = null;

    public void Failed(Exception exception) =>
        _failure ??= new StorageFailure(exception.GetBaseException().Message, timeProvider.GetUtcNow());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_failure is { } failure
            ? HealthCheckResult.Unhealthy($"Cannot store events since {failure.Since:O}: {failure.Reason}. They wait in the stream.")
            : HealthCheckResult.Healthy());

    private sealed record StorageFailure(string Reason, DateTimeOffset Since);
}

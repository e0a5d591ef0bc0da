using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VectorVue.Worker.Health;

/// <summary>
/// Whether every drain loop is running: unhealthy while a loop keeps failing — <see cref="FailuresBeforeUnhealthy"/>
/// restarts in a row without storing a batch or finding the stream empty in between — so the dashboard and the
/// orchestrator see a worker that is draining with fewer loops than it should (or none).
/// </summary>
internal sealed class DrainLoopHealth(TimeProvider timeProvider) : IHealthCheck
{
    public const int FailuresBeforeUnhealthy = 3;

    private readonly ConcurrentDictionary<string, LoopFailures> _failing = new(StringComparer.Ordinal);

    /// <returns>How many times in a row the loop has now failed.</returns>
    public int Failed(string consumer, Exception exception)
    {
        var error = $"{exception.GetType().Name}: {exception.Message}";
        return _failing.AddOrUpdate(
            consumer,
            static (_, state) => new LoopFailures(1, state.error, state.now),
            static (_, previous, state) => previous with { Count = previous.Count + 1, LastError = state.error },
            (error, now: timeProvider.GetUtcNow())).Count;
    }

    /// <summary>The loop stored a batch or found nothing to do: it runs.</summary>
    public void Progressed(string consumer)
    {
        if (!_failing.IsEmpty)
        {
            _failing.TryRemove(consumer, out _);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = _failing.Where(loop => loop.Value.Count >= FailuresBeforeUnhealthy)
            .OrderBy(loop => loop.Key, StringComparer.Ordinal)
            .Select(loop => Describe(loop.Key, loop.Value))
            .ToList();
        return Task.FromResult(failing.Count == 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(string.Join(" ", failing)));
    }

    private static string Describe(string consumer, LoopFailures failures) =>
        $"Drain loop {consumer} has failed {failures.Count} times in a row since {failures.Since:O} (last: {failures.LastError}); it is restarted with backoff.";

    private sealed record LoopFailures(int Count, string LastError, DateTimeOffset Since);
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace VectorVue.TelemetryApi.Health;

/// <summary>
/// One dependency check whose result is reused for <see cref="HealthOptions.ResultLifetime"/>: callers within that
/// time get the last result, and concurrent callers after it share one run of the real check.
/// </summary>
internal sealed class CachedHealthCheck(Func<IServiceProvider, IHealthCheck> inner, TimeProvider timeProvider, TimeSpan lifetime)
{
    private readonly Lock _lock = new();
    private HealthCheckResult _result;
    private DateTimeOffset _expires = DateTimeOffset.MinValue;
    private Task<HealthCheckResult>? _running;

    /// <summary>The factory that replaces the registration's own: the real check is created only when it runs.</summary>
    public IHealthCheck Resolve(IServiceProvider services) => new Adapter(this, services);

    private Task<HealthCheckResult> CheckAsync(IServiceProvider services, HealthCheckContext context, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (timeProvider.GetUtcNow() < _expires)
            {
                return Task.FromResult(_result);
            }

            // The shared run is not cancelled with the caller that happened to start it; each caller stops waiting
            // on its own token.
            if (_running is not { IsCompleted: false })
            {
                _running = RunAsync(services, context);
            }

            return _running.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> RunAsync(IServiceProvider services, HealthCheckContext context)
    {
        var result = await inner(services).CheckHealthAsync(context, CancellationToken.None);
        lock (_lock)
        {
            _result = result;
            _expires = timeProvider.GetUtcNow() + lifetime;
        }

        return result;
    }

    private sealed class Adapter(CachedHealthCheck cache, IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            cache.CheckAsync(services, context, cancellationToken);
    }
}

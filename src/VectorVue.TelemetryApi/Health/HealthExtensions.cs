using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace VectorVue.TelemetryApi.Health;

/// <summary>
/// <c>/health</c> without database work per call: the API's <c>/health</c> is reachable on the public ingress in
/// Azure, so every dependency check (all but the cheap <c>live</c> ones) reuses its result for a few seconds.
/// </summary>
internal static class HealthExtensions
{
    public static WebApplicationBuilder AddCachedDependencyChecks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HealthCheckServiceOptions>()
            .PostConfigure<TimeProvider, IOptions<HealthOptions>>((checks, timeProvider, health) =>
            {
                foreach (var registration in checks.Registrations.Where(r => !r.Tags.Contains("live")))
                {
                    registration.Factory = new CachedHealthCheck(registration.Factory, timeProvider, health.Value.ResultLifetime).Resolve;
                }
            });
        return builder;
    }
}

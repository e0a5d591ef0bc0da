using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Adds common Aspire services: service discovery, resilience, health checks and OpenTelemetry.
/// Shape kept from the Aspire service-defaults template; VectorVue additions are marked.
/// </summary>
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        // VectorVue: one clock for every service, replaceable in tests.
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // VectorVue privacy rule: only the W3C trace context is read from requests and passed on. Baggage is free
        // text a client chooses (it could carry an address or a user agent), and no VectorVue service uses it.
        Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(VectorVueTelemetry.MeterName))
            .WithTracing(tracing => tracing
                .ConfigureSampling(builder)
                .AddProcessor(new BackgroundSpanFilter(builder.Environment.ApplicationName))
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(VectorVueTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Health probes are noise in the trace view.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath);
                    // VectorVue privacy rule: the caller's address and user agent never reach a span.
                    options.EnrichWithHttpRequest = static (activity, _) => PrivacyTags.Strip(activity);
                    options.EnrichWithHttpResponse = static (activity, _) => PrivacyTags.Strip(activity);
                })
                .AddHttpClientInstrumentation());

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>
    /// VectorVue: a parent-based ratio sampler (<see cref="TracingOptions"/>), unless the standard
    /// <c>OTEL_TRACES_SAMPLER</c> variable chooses another.
    /// </summary>
    private static TracerProviderBuilder ConfigureSampling(this TracerProviderBuilder tracing, IHostApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_TRACES_SAMPLER"]))
        {
            return tracing;
        }

        var options = builder.Configuration.GetSection(TracingOptions.SectionName).Get<TracingOptions>() ?? new TracingOptions();
        var ratio = options.EffectiveSampleRatio(builder.Environment.IsDevelopment());
        if (ratio is < 0 or > 1 or double.NaN)
        {
            throw new InvalidOperationException(
                $"{TracingOptions.SectionName}:{nameof(TracingOptions.SampleRatio)} must be between 0 and 1 (got {ratio}).");
        }

        return tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)));
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Health endpoints are mapped in every environment: the AppHost and Azure Container Apps probe them.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
        });
        return app;
    }
}

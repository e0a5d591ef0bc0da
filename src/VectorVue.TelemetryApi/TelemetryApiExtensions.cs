using Microsoft.Extensions.Options;
using Npgsql;
using VectorVue.Analytics.Figures;
using VectorVue.Contracts;
using VectorVue.TelemetryApi.Analytics;
using VectorVue.TelemetryApi.Authentication;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.Health;
using VectorVue.TelemetryApi.Ingestion;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.RateLimiting;
using VectorVue.TelemetryApi.Tenants;

namespace VectorVue.TelemetryApi;

/// <summary>Everything the telemetry API registers, in the order a request meets it.</summary>
internal static class TelemetryApiExtensions
{
    public static WebApplicationBuilder AddTelemetryApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            // The contract's names are snake_case (event_type, event_id, mean_minutes): the OpenAPI document
            // describes bodies with these options, so they say what the endpoints really write.
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, AnalyticsJsonContext.Default);
        });

        builder.AddTenantJwtAuthentication();

        builder.AddNpgsqlDataSource("vectorvue");
        builder.Services.AddOptions<TenantDirectoryOptions>().BindConfiguration(TenantDirectoryOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ITenantLookup, TenantLookup>();
        builder.Services.AddSingleton<TenantDirectoryMetrics>();
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddSingleton<CallerResolver>();

        builder.Services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ClientEventParser>();
        builder.Services.AddSingleton<IngestionMetrics>();
        // Refusals of endpoints that name no counter of their own (IRejectionCounterSource) count as ingestion's.
        builder.Services.AddSingleton<IRejectionCounter>(sp => sp.GetRequiredService<IngestionMetrics>());
        builder.Services.AddSingleton<JsonBodyReader>();
        builder.Services.AddSingleton<EventAdmission>();
        builder.Services.AddSingleton<IngestionPipeline>();
        builder.Services.AddSingleton<SingleEventEndpoint>();
        builder.Services.AddSingleton<BatchEndpoint>();

        // No client spans for Redis commands: the client's tracing profiles every command and keeps it — with its
        // arguments, a batch entry's 35 KB among them — and the request's activity until a drain thread turns them into
        // spans every 10 s, which held 200+ MB under batch load (docs/benchmarks.md, "Memory"). The request's own
        // `publish` span (AdmissionScript) already times the one script call a request makes.
        builder.AddRedisClient("redis", settings => settings.DisableTracing = true);
        builder.Services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<QueueCapacityOptions>().BindConfiguration(QueueCapacityOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new StreamShards(sp.GetRequiredService<IOptions<EventStreamOptions>>().Value));
        builder.Services.AddSingleton<RateLimitKeys>();
        builder.Services.AddSingleton<AdmissionScript>();

        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitSettingsValidation>();
        builder.Services.AddSingleton<ITenantRequestLimiter, TenantRequestLimiter>();
        builder.Services.AddSingleton<ParseBudget>();

        builder.Services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAnalyticsDatabase("vectorvue");
        builder.Services.AddSingleton(sp => new TenantFiguresReader(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(AnalyticsDatabase.ServiceKey)));
        builder.Services.AddSingleton<AnalyticsMetrics>();
        builder.Services.AddSingleton<AnalyticsAdmission>();
        builder.Services.AddSingleton<AnalyticsRequest>();

        builder.AddCachedDependencyChecks();
        builder.Services.AddOpenApi();
        return builder;
    }
}

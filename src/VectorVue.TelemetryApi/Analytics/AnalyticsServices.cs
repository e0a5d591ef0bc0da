using Microsoft.Extensions.Options;
using VectorVue.Analytics.Figures;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>What every analytics endpoint uses, bound as one parameter (<c>[AsParameters]</c>).</summary>
internal readonly record struct AnalyticsServices(
    CallerResolver Callers,
    TenantFiguresReader Figures,
    AnalyticsAdmission Admission,
    AnalyticsMetrics Metrics,
    IOptions<AnalyticsOptions> Options,
    TimeProvider TimeProvider,
    ILogger<AnalyticsMetrics> Logger);

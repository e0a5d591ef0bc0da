using VectorVue.Analytics;
using VectorVue.Analytics.Figures;
using VectorVue.Analytics.Reports;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>
/// <c>GET /api/v1/client/analytics/*</c>: the caller's tenant's MTTA, MTTR, risk awareness, defensive
/// responsiveness and weekly trend over <c>[from, to)</c>, read from the lifecycle and daily tables the worker
/// maintains (VectorVue.Analytics, docs/analytics.md).
/// </summary>
internal static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/client/analytics").RequireAuthorization().WithTags("Analytics")
            .WithMetadata(AnalyticsRejections.Instance);

        api.MapReport("summary", defaultSeverity: null,
            "MTTA of critical findings, MTTR, risk awareness and defensive responsiveness",
            OverFigures((tenant, window, figures, _) => new SummaryResponse(tenant, window,
                MttaReport.From(figures, Severities.Critical), MttrReport.From(figures, SeverityScope.Any),
                AwarenessReport.From(figures), ResponsivenessReport.From(figures, SeverityScope.Any))));

        api.MapReport("mtta", Severities.Critical,
            "Mean, median and p90 time to acknowledge, at a severity (default critical) and by severity",
            OverFigures((tenant, window, figures, severity) => new MttaResponse(tenant, window, MttaReport.From(figures, severity))));

        api.MapReport("mttr", SeverityScope.Any,
            "Mean, median and p90 time to remediate, over every remediation (or one severity) and by severity",
            OverFigures((tenant, window, figures, severity) => new MttrResponse(tenant, window, MttrReport.From(figures, severity))));

        api.MapReport("awareness", defaultSeverity: null,
            "Risk awareness: findings viewed and acknowledged by severity, dashboard days, reports, users",
            OverFigures((tenant, window, figures, _) => new AwarenessResponse(tenant, window, AwarenessReport.From(figures))));

        api.MapReport("responsiveness", SeverityScope.Any,
            "Defensive responsiveness: rates, backlog and a 0-100 score with its formula and inputs",
            OverFigures((tenant, window, figures, severity) =>
                new ResponsivenessResponse(tenant, window, ResponsivenessReport.From(figures, severity))));

        api.MapReport("trend", Severities.Critical,
            "Weekly MTTA (at a severity, default critical) and MTTR",
            async (reader, tenant, q, ct) => new TrendResponse(tenant, ReportWindow.Of(q.Window),
                TrendReport.From(await reader.ReadWeeklyAsync(tenant, q.Window, q.Severity, ct), q.Severity)));

        return api;
    }

    /// <summary>A report computed from the tenant's figures over the window (every report but the weekly trend).</summary>
    private static Func<TenantFiguresReader, Guid, AnalyticsQuery, CancellationToken, Task<TResponse>> OverFigures<TResponse>(
        Func<Guid, ReportWindow, TenantFigures, string, TResponse> report) =>
        async (reader, tenant, q, ct) => report(tenant, ReportWindow.Of(q.Window), await reader.ReadAsync(tenant, q.Window, ct), q.Severity);

    /// <summary>One report endpoint: <c>GET /{name}</c>, its OpenAPI description, and the shared request steps.</summary>
    private static RouteHandlerBuilder MapReport<TResponse>(
        this RouteGroupBuilder api,
        string name,
        string? defaultSeverity,
        string summary,
        Func<TenantFiguresReader, Guid, AnalyticsQuery, CancellationToken, Task<TResponse>> compute)
        where TResponse : class =>
        api.MapGet("/" + name, (HttpContext http, AnalyticsRequest request, TenantFiguresReader reader, CancellationToken cancellationToken) =>
                request.HandleAsync(http, name, defaultSeverity,
                    (tenant, query, ct) => compute(reader, tenant, query, ct), cancellationToken))
            .WithName("GetAnalytics" + char.ToUpperInvariant(name[0]) + name[1..])
            .WithSummary(summary)
            .Produces<TResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

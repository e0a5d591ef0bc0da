using VectorVue.Analytics;
using VectorVue.Analytics.Figures;
using VectorVue.Analytics.Reports;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>
/// <c>GET /api/v1/client/analytics/*</c>: the caller's tenant's MTTA, MTTR, risk awareness, defensive
/// responsiveness and weekly trend, computed from <c>client_activity_events</c> over <c>[from, to)</c>.
/// </summary>
internal static class AnalyticsApi
{
    private const EventTable Table = EventTable.ClientActivityEvents;

    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/client/analytics").RequireAuthorization().WithTags("Analytics")
            .WithMetadata(AnalyticsRejections.Instance);

        api.MapReport("summary", defaultSeverity: null,
                "MTTA of critical findings, MTTR, risk awareness and defensive responsiveness",
                async (s, tenant, q, ct) =>
                {
                    var figures = await FiguresAsync(s, tenant, q, ct);
                    return new SummaryResponse(tenant, ReportWindow.Of(q.Window),
                        MttaReport.From(figures, Severities.Critical), MttrReport.From(figures, SeverityScope.Any),
                        AwarenessReport.From(figures), ResponsivenessReport.From(figures, SeverityScope.Any));
                });

        api.MapReport("mtta", Severities.Critical,
            "Mean, median and p90 time to acknowledge, at a severity (default critical) and by severity",
            async (s, tenant, q, ct) => new MttaResponse(tenant, ReportWindow.Of(q.Window),
                MttaReport.From(await FiguresAsync(s, tenant, q, ct), q.Severity)));

        api.MapReport("mttr", SeverityScope.Any,
            "Mean, median and p90 time to remediate, over every remediation (or one severity) and by severity",
            async (s, tenant, q, ct) => new MttrResponse(tenant, ReportWindow.Of(q.Window),
                MttrReport.From(await FiguresAsync(s, tenant, q, ct), q.Severity)));

        api.MapReport("awareness", defaultSeverity: null,
            "Risk awareness: findings viewed and acknowledged by severity, dashboard days, reports, users",
            async (s, tenant, q, ct) => new AwarenessResponse(tenant, ReportWindow.Of(q.Window),
                AwarenessReport.From(await FiguresAsync(s, tenant, q, ct))));

        api.MapReport("responsiveness", SeverityScope.Any,
            "Defensive responsiveness: rates, backlog and a 0-100 score with its formula and inputs",
            async (s, tenant, q, ct) => new ResponsivenessResponse(tenant, ReportWindow.Of(q.Window),
                ResponsivenessReport.From(await FiguresAsync(s, tenant, q, ct), q.Severity)));

        api.MapReport("trend", Severities.Critical,
            "Weekly MTTA (at a severity, default critical) and MTTR",
            async (s, tenant, q, ct) => new TrendResponse(tenant, ReportWindow.Of(q.Window),
                TrendReport.From(await s.Figures.ReadWeeklyAsync(Table, tenant, q.Window, q.Severity, ct), q.Severity)));

        return api;
    }

    private static Task<TenantFigures> FiguresAsync(AnalyticsServices s, Guid tenant, AnalyticsQuery q, CancellationToken ct) =>
        s.Figures.ReadAsync(Table, tenant, q.Window, ct);

    /// <summary>One report endpoint: <c>GET /{name}</c>, its OpenAPI description, and the shared request steps.</summary>
    private static RouteHandlerBuilder MapReport<TResponse>(
        this RouteGroupBuilder api,
        string name,
        string? defaultSeverity,
        string summary,
        Func<AnalyticsServices, Guid, AnalyticsQuery, CancellationToken, Task<TResponse>> compute)
        where TResponse : class =>
        api.MapGet("/" + name, (HttpContext http, [AsParameters] AnalyticsServices services, CancellationToken cancellationToken) =>
                AnalyticsRequest.HandleAsync(http, services, name, defaultSeverity,
                    (tenant, query, ct) => compute(services, tenant, query, ct), cancellationToken))
            .WithName("GetAnalytics" + char.ToUpperInvariant(name[0]) + name[1..])
            .WithSummary(summary)
            .Produces<TResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

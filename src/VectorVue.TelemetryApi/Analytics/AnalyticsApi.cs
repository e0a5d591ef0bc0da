using VectorVue.Analytics;
using VectorVue.Analytics.Reports;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>
/// <c>GET /api/v1/client/analytics/*</c>: the caller's tenant's MTTA, MTTR, risk awareness, defensive
/// responsiveness and weekly trend, computed from <c>client_activity_events</c> over <c>[from, to)</c>.
/// </summary>
internal static class AnalyticsApi
{
    public static RouteGroupBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/client/analytics").RequireAuthorization().WithTags("Analytics")
            .WithMetadata(AnalyticsRejections.Instance);
        const EventTable table = EventTable.ClientActivityEvents;

        api.MapGet("/summary", (HttpContext http, [AsParameters] AnalyticsServices s, CancellationToken ct) =>
                AnalyticsRequest.HandleAsync(http, s, "summary", defaultSeverity: null, async (tenant, q, token) =>
                {
                    var figures = await s.Figures.ReadAsync(table, tenant, q.Window, token);
                    return new SummaryResponse(tenant, ReportWindow.Of(q.Window),
                        MttaReport.From(figures, Severities.Critical), MttrReport.From(figures, Severities.Any),
                        AwarenessReport.From(figures), ResponsivenessReport.From(figures, Severities.Any));
                }, ct))
            .WithName("GetAnalyticsSummary")
            .WithSummary("MTTA of critical findings, MTTR, risk awareness and defensive responsiveness")
            .Describe<SummaryResponse>();

        api.MapGet("/mtta", (HttpContext http, [AsParameters] AnalyticsServices s, CancellationToken ct) =>
                AnalyticsRequest.HandleAsync(http, s, "mtta", Severities.Critical, async (tenant, q, token) =>
                    new MttaResponse(tenant, ReportWindow.Of(q.Window),
                        MttaReport.From(await s.Figures.ReadAsync(table, tenant, q.Window, token), q.Severity)), ct))
            .WithName("GetAnalyticsMtta")
            .WithSummary("Mean, median and p90 time to acknowledge, at a severity (default critical) and by severity")
            .Describe<MttaResponse>();

        api.MapGet("/mttr", (HttpContext http, [AsParameters] AnalyticsServices s, CancellationToken ct) =>
                AnalyticsRequest.HandleAsync(http, s, "mttr", Severities.Any, async (tenant, q, token) =>
                    new MttrResponse(tenant, ReportWindow.Of(q.Window),
                        MttrReport.From(await s.Figures.ReadAsync(table, tenant, q.Window, token), q.Severity)), ct))
            .WithName("GetAnalyticsMttr")
            .WithSummary("Mean, median and p90 time to remediate, over every remediation (or one severity) and by severity")
            .Describe<MttrResponse>();

        api.MapGet("/awareness", (HttpContext http, [AsParameters] AnalyticsServices s, CancellationToken ct) =>
                AnalyticsRequest.HandleAsync(http, s, "awareness", defaultSeverity: null, async (tenant, q, token) =>
                    new AwarenessResponse(tenant, ReportWindow.Of(q.Window),
                        AwarenessReport.From(await s.Figures.ReadAsync(table, tenant, q.Window, token))), ct))
            .WithName("GetAnalyticsAwareness")
            .WithSummary("Risk awareness: findings viewed and acknowledged by severity, dashboard days, reports, users")
            .Describe<AwarenessResponse>();

        api.MapGet("/responsiveness", (HttpContext http, [AsParameters] AnalyticsServices s, CancellationToken ct) =>
                AnalyticsRequest.HandleAsync(http, s, "responsiveness", Severities.Any, async (tenant, q, token) =>
                    new ResponsivenessResponse(tenant, ReportWindow.Of(q.Window),
                        ResponsivenessReport.From(await s.Figures.ReadAsync(table, tenant, q.Window, token), q.Severity)), ct))
            .WithName("GetAnalyticsResponsiveness")
            .WithSummary("Defensive responsiveness: rates, backlog and a 0-100 score with its formula and inputs")
            .Describe<ResponsivenessResponse>();

        api.MapGet("/trend", (HttpContext http, [AsParameters] AnalyticsServices s, CancellationToken ct) =>
                AnalyticsRequest.HandleAsync(http, s, "trend", Severities.Critical, async (tenant, q, token) =>
                    new TrendResponse(tenant, ReportWindow.Of(q.Window),
                        TrendReport.From(await s.Figures.ReadWeeklyAsync(table, tenant, q.Window, q.Severity, token), q.Severity)), ct))
            .WithName("GetAnalyticsTrend")
            .WithSummary("Weekly MTTA (at a severity, default critical) and MTTR")
            .Describe<TrendResponse>();

        return api;
    }

    private static RouteHandlerBuilder Describe<TResponse>(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<TResponse>(StatusCodes.Status200OK)
        .ProducesValidationProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

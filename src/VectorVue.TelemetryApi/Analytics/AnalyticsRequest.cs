using Microsoft.Extensions.Options;
using Npgsql;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>
/// The steps every analytics request takes: the caller's tenant from the token (never from the query), the
/// parameters, the tenant's request limit, the figures, each refusal as a counted problem+json.
/// </summary>
internal sealed partial class AnalyticsRequest(
    CallerResolver callers,
    AnalyticsAdmission admission,
    AnalyticsMetrics metrics,
    IOptions<AnalyticsOptions> options,
    TimeProvider timeProvider,
    ILogger<AnalyticsRequest> logger)
{
    private const int RetryAfterSeconds = 5;

    /// <param name="http">The request.</param>
    /// <param name="endpoint">The endpoint's name, for metrics and logs.</param>
    /// <param name="defaultSeverity">The severity when none is asked for; null when the endpoint takes none.</param>
    /// <param name="compute">Computes the response for the caller's tenant.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public async Task<IResult> HandleAsync<T>(
        HttpContext http,
        string endpoint,
        string? defaultSeverity,
        Func<Guid, AnalyticsQuery, CancellationToken, Task<T>> compute,
        CancellationToken cancellationToken)
        where T : class
    {
        var caller = await callers.ResolveAsync(http, metrics, cancellationToken);
        if (caller.Failed)
        {
            return caller.Problem!;
        }

        var tenantId = caller.Value!.TenantId;
        var (query, errors) = AnalyticsQuery.Parse(http.Request.Query, defaultSeverity, timeProvider.GetUtcNow(), options.Value);
        if (query is null)
        {
            metrics.Rejected(RejectionReason.InvalidParameters, tenantId);
            return ApiProblems.Invalid(StatusCodes.Status400BadRequest, "Invalid query parameters",
                $"{errors.Count} parameter(s) are invalid: {string.Join(", ", errors.Keys)}.", RejectionReason.InvalidParameters, errors);
        }

        if (await admission.AdmitAsync(http.Response, tenantId, cancellationToken) is { } refused)
        {
            return refused;
        }

        try
        {
            var response = await compute(tenantId, query, cancellationToken);
            metrics.Served(endpoint, tenantId);
            return TypedResults.Json(response, AnalyticsJsonContext.Default.Options);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, ex, endpoint, tenantId);
            metrics.Rejected(RejectionReason.AnalyticsUnavailable, tenantId);
            return ApiProblems.Unavailable(http.Response, "The analytics database cannot be reached right now.",
                RejectionReason.AnalyticsUnavailable, RetryAfterSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics database unavailable; answered 503 on {Endpoint} to tenant {TenantId}")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string endpoint, Guid tenantId);
}

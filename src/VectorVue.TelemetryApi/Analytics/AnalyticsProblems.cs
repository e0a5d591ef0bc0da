using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>The RFC 7807 answers particular to the analytics endpoints.</summary>
internal static class AnalyticsProblems
{
    public const string InvalidParameters = "invalid_parameters";
    public const string Unavailable = "analytics_unavailable";

    public static ProblemHttpResult InvalidParametersProblem(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid query parameters",
            Detail = $"{errors.Count} parameter(s) are invalid: {string.Join(", ", errors.Keys)}.",
            Type = "urn:vectorvue:problem:" + InvalidParameters,
            Extensions = { ["reason"] = InvalidParameters },
        });

    /// <summary>503 with <c>Retry-After</c>: the database or the rate limiter cannot answer right now.</summary>
    public static ProblemHttpResult ServiceUnavailable(HttpResponse response, string detail, string reason, int retryAfterSeconds)
    {
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return IngestionProblems.Unavailable(detail, reason, retryAfterSeconds);
    }
}

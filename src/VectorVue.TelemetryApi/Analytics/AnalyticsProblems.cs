using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>The RFC 7807 answers particular to the analytics endpoints.</summary>
internal static class AnalyticsProblems
{
    public const string InvalidParameters = "invalid_parameters";
    public const string Unavailable = "analytics_unavailable";
    private const string TypePrefix = "urn:vectorvue:problem:";

    public static ProblemHttpResult InvalidParametersProblem(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid query parameters",
            Detail = $"{errors.Count} parameter(s) are invalid: {string.Join(", ", errors.Keys)}.",
            Type = TypePrefix + InvalidParameters,
            Extensions = { ["reason"] = InvalidParameters },
        });

    /// <summary>429: the tenant's analytics requests per window are used up (the same <c>type</c> and <c>reason</c> as the ingestion limits).</summary>
    public static ProblemHttpResult RateLimited(string scope, int limit, TimeSpan window, long retryAfterSeconds) =>
        TypedResults.Problem(
            $"The {scope} limit of {limit} requests per {window.TotalSeconds:0} s is reached; retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            type: TypePrefix + RejectionReason.RateLimited,
            extensions: new Dictionary<string, object?> { ["reason"] = RejectionReason.RateLimited, ["scope"] = scope });
}

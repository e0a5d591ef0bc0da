using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.TelemetryApi.Problems;

/// <summary>
/// The RFC 7807 answers every API surface shares: the <c>type</c> is <c>urn:vectorvue:problem:</c> followed by the
/// <c>reason</c> (a <see cref="RejectionReason"/>), which the body also carries as an extension.
/// </summary>
internal static class ApiProblems
{
    public const string TypePrefix = "urn:vectorvue:problem:";

    public static ProblemHttpResult Unauthorized(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail, RejectionReason.Unauthorized);

    public static ProblemHttpResult Forbidden(string detail, string reason) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", detail, reason);

    /// <summary>
    /// The one 503: a dependency cannot answer right now. <c>Retry-After</c> and the detail name the same number of
    /// seconds, so a client that honours either comes back when it may succeed.
    /// </summary>
    public static ProblemHttpResult Unavailable(HttpResponse response, string detail, string reason, int retryAfterSeconds)
    {
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            $"{detail} Retry after {retryAfterSeconds} seconds.", reason);
    }

    /// <summary>A problem naming each failing field or parameter under <c>errors</c>.</summary>
    public static ProblemHttpResult Invalid(
        int status, string title, string detail, string reason, IDictionary<string, string[]> errors, object? results = null)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = TypePrefix + reason,
            Extensions = { ["reason"] = reason },
        };
        if (results is not null)
        {
            problem.Extensions["results"] = results;
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Problem(int status, string title, string detail, string reason, string? scope = null)
    {
        var extensions = new Dictionary<string, object?> { ["reason"] = reason };
        if (scope is not null)
        {
            extensions["scope"] = scope;
        }

        return TypedResults.Problem(detail, statusCode: status, title: title, type: TypePrefix + reason, extensions: extensions);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.Worker.Admin;

/// <summary>The admin endpoints' RFC 7807 answers, shaped like the API's: <c>type</c> <c>urn:vectorvue:problem:&lt;reason&gt;</c>, and <c>reason</c>.</summary>
internal static class AdminProblems
{
    public static ProblemHttpResult Unauthorized() => Problem(
        StatusCodes.Status401Unauthorized, "Unauthorized",
        "The worker's admin endpoints need its admin key: send 'Authorization: Bearer <key>' (see docs/operations.md).",
        "unauthorized");

    public static ProblemHttpResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail, "dependency_unavailable");

    private static ProblemHttpResult Problem(int status, string title, string detail, string reason) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: "urn:vectorvue:problem:" + reason,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
}

using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// Which share of a request body that was read the API had to refuse because of the request itself, and so charges to
/// the caller's <see cref="ParseBudget"/>: all of it for 400, 413, 415, 422 and a 429 of a limit; the invalid events'
/// share of a batch that was otherwise accepted; nothing for an accepted request, nor for a 503 (the server could not
/// take it, the caller did nothing wrong).
/// </summary>
internal static class RefusedWork
{
    public static double Share(IResult result) => result switch
    {
        ProblemHttpResult { StatusCode: >= 400 and < 500 } problem => IsParseBudget(problem) ? 0 : 1,
        Accepted<BatchAccepted> { Value: { Results.Count: > 0 } batch } =>
            (double)batch.Results.Count(r => r.Reason == RejectionReason.InvalidFields) / batch.Results.Count,
        _ => 0,
    };

    // Refused before its body was read: there is nothing to charge.
    private static bool IsParseBudget(ProblemHttpResult problem) =>
        problem.ProblemDetails.Extensions.TryGetValue("scope", out var scope) && Equals(scope, ParseBudget.Scope);
}

using Microsoft.AspNetCore.Http.HttpResults;
using VectorVue.TelemetryApi.Problems;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The refusals only the ingestion endpoints make: one stable <c>reason</c> per kind (see <see cref="ApiProblems"/>).</summary>
internal static class IngestionProblems
{
    public static ProblemHttpResult MalformedJson(string detail) =>
        ApiProblems.Problem(StatusCodes.Status400BadRequest, "Malformed JSON", detail, RejectionReason.MalformedJson);

    public static ProblemHttpResult BodyTooLarge(int limit) =>
        ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The request body exceeds the limit of {limit} bytes.", RejectionReason.BodyTooLarge);

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"Send the event as application/json (got '{contentType ?? "none"}').", RejectionReason.UnsupportedMediaType);

    public static ProblemHttpResult InvalidFields(IDictionary<string, string[]> errors) =>
        ApiProblems.Invalid(StatusCodes.Status422UnprocessableEntity, "The event breaks the field rules",
            $"{errors.Count} field(s) are invalid: {string.Join(", ", errors.Keys)}.", RejectionReason.InvalidFields, errors);

    public static ProblemHttpResult InvalidBatch(IDictionary<string, string[]> errors, IReadOnlyList<BatchEventResult> results) =>
        ApiProblems.Invalid(StatusCodes.Status422UnprocessableEntity, "No event of the batch could be accepted",
            errors.Count > 0
                ? $"The batch breaks the envelope rules: {string.Join(", ", errors.Keys)}."
                : "Every event of the batch breaks the field rules; 'results' names each event's failing fields.",
            RejectionReason.InvalidFields, errors, results);

    public static ProblemHttpResult RateLimited(string scope, int limit, TimeSpan window, long retryAfterSeconds) =>
        ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many events",
            $"The {scope} limit of {limit} events per {window.TotalSeconds:0} s is reached; retry after {retryAfterSeconds} s.",
            RejectionReason.RateLimited, scope);

    public static ProblemHttpResult ParseBudgetSpent(int budgetBytes, TimeSpan window, long retryAfterSeconds) =>
        ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Too many refused requests",
            $"This caller's refused requests have used up its parse budget of {budgetBytes} bytes per {window.TotalSeconds:0} s; " +
            $"its requests are not read until then: retry after {retryAfterSeconds} s.",
            RejectionReason.RateLimited, ParseBudget.Scope);
}

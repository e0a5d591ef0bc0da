using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The RFC 7807 answers of the ingestion API: one stable <c>type</c> and <c>reason</c> per kind of refusal.</summary>
internal static class IngestionProblems
{
    private const string TypePrefix = "urn:vectorvue:problem:";

    public static ProblemHttpResult Unauthorized(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail, RejectionReason.Unauthorized);

    public static ProblemHttpResult Forbidden(string detail, string reason) =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden", detail, reason);

    public static ProblemHttpResult MalformedJson(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "Malformed JSON", detail, RejectionReason.MalformedJson);

    public static ProblemHttpResult BodyTooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The request body exceeds the limit of {limit} bytes.", RejectionReason.BodyTooLarge);

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            $"Send the event as application/json (got '{contentType ?? "none"}').", RejectionReason.UnsupportedMediaType);

    public static ProblemHttpResult InvalidFields(IDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The event breaks the field rules",
            Detail = $"{errors.Count} field(s) are invalid: {string.Join(", ", errors.Keys)}.",
            Type = TypePrefix + RejectionReason.InvalidFields,
            Extensions = { ["reason"] = RejectionReason.InvalidFields },
        });

    public static ProblemHttpResult QueueUnavailable(int retryAfterSeconds) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Queue unavailable",
            $"The event queue cannot accept events right now; retry after {retryAfterSeconds} seconds.",
            RejectionReason.QueueUnavailable);

    private static ProblemHttpResult Problem(int status, string title, string detail, string reason) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypePrefix + reason,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
}

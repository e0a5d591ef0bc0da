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

    public static ProblemHttpResult InvalidBatch(IDictionary<string, string[]> errors, IReadOnlyList<BatchEventResult> results) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "No event of the batch could be accepted",
            Detail = errors.Count > 0
                ? $"The batch breaks the envelope rules: {string.Join(", ", errors.Keys)}."
                : "Every event of the batch breaks the field rules; 'results' names each event's failing fields.",
            Type = TypePrefix + RejectionReason.InvalidFields,
            Extensions = { ["reason"] = RejectionReason.InvalidFields, ["results"] = results },
        });

    public static ProblemHttpResult RateLimited(string scope, int limit, TimeSpan window, long retryAfterSeconds, string units = "events") =>
        TypedResults.Problem(
            $"The {scope} limit of {limit} {units} per {window.TotalSeconds:0} s is reached; retry after {retryAfterSeconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many " + units,
            type: TypePrefix + RejectionReason.RateLimited,
            extensions: new Dictionary<string, object?> { ["reason"] = RejectionReason.RateLimited, ["scope"] = scope });

    public static ProblemHttpResult Unavailable(string detail, string reason, int retryAfterSeconds) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            $"{detail} Retry after {retryAfterSeconds} seconds.", reason);

    private static ProblemHttpResult Problem(int status, string title, string detail, string reason) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypePrefix + reason,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
}

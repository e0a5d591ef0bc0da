using System.Text.Json;
using VectorVue.TelemetryApi.Callers;
using VectorVue.TelemetryApi.Problems;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// Reads the request body as one JSON document: 415 for other media, 413 over the limit, 400 for bad JSON; and says
/// how many bytes it read, which a refused request is charged with (<see cref="RefusedWork"/>).
/// </summary>
internal sealed class JsonBodyReader(IngestionMetrics metrics)
{
    /// <param name="request">The request whose body is read.</param>
    /// <param name="limit">The most bytes accepted (413 beyond).</param>
    /// <param name="maxDepth">The deepest nesting accepted (400 beyond).</param>
    /// <param name="caller">Whom refusals are counted for.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    public async Task<(Outcome<JsonDocument> Document, int BytesRead)> ReadAsync(
        HttpRequest request, int limit, int maxDepth, Caller caller, CancellationToken cancellationToken)
    {
        if (!RequestBodyReader.IsJsonContent(request.ContentType))
        {
            metrics.Rejected(RejectionReason.UnsupportedMediaType, caller.TenantId);
            return (IngestionProblems.UnsupportedMediaType(request.ContentType), 0);
        }

        var (body, bytesRead) = await RequestBodyReader.ReadAsync(request, limit, cancellationToken);
        if (body is null)
        {
            metrics.Rejected(RejectionReason.BodyTooLarge, caller.TenantId);
            return (IngestionProblems.BodyTooLarge(limit), Math.Min(bytesRead, limit));
        }

        try
        {
            return (JsonDocument.Parse(body.Value, new JsonDocumentOptions
            {
                MaxDepth = maxDepth,
                AllowDuplicateProperties = false,
            }), bytesRead);
        }
        catch (JsonException ex)
        {
            metrics.Rejected(RejectionReason.MalformedJson, caller.TenantId);
            return (IngestionProblems.MalformedJson($"The body is not valid JSON: {ex.Message}"), bytesRead);
        }
    }
}

using Microsoft.OpenApi;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The endpoints the VectorVue portal calls (docs/ingestion-contract.md).</summary>
internal static class IngestionApi
{
    public static RouteGroupBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/client/events").RequireAuthorization().WithTags("Ingestion");

        api.MapIngestion<SingleEventEndpoint, ClientEventDocument, AcceptedEvent>("/", "PostClientEvent", "Ingest one portal event");
        api.MapIngestion<BatchEndpoint, ClientEventBatchDocument, BatchAccepted>(
            "/batch", "PostClientEventBatch", "Ingest up to 100 portal events; each is validated on its own");

        return api;
    }

    /// <summary>
    /// One ingestion endpoint: <c>POST</c>, the charge of its refused work to the caller's parse budget, its OpenAPI
    /// description (body, 202, every problem).
    /// </summary>
    private static RouteHandlerBuilder MapIngestion<TEndpoint, TBody, TAccepted>(
        this RouteGroupBuilder api, string pattern, string name, string summary)
        where TEndpoint : IIngestionEndpoint<TAccepted> =>
        api.MapPost(pattern, async (HttpContext http, TEndpoint endpoint, IngestionPipeline pipeline, CancellationToken cancellationToken) =>
            {
                var answer = await endpoint.HandleAsync(http, cancellationToken);
                pipeline.ChargeRefusedWork(http, answer.Result);
                return answer;
            })
            .WithName(name)
            .WithSummary(summary)
            .WithRequestBodyDocumentation<TBody>()
            .Produces<TAccepted>(StatusCodes.Status202Accepted)
            .WithIngestionProblems();

    /// <summary>
    /// Describes the body in the OpenAPI document only. (<c>Accepts</c> would also make routing answer other media
    /// types with a bare 415 before the endpoint could answer with its counted problem+json.)
    /// </summary>
    private static RouteHandlerBuilder WithRequestBodyDocumentation<TBody>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema },
                    ["text/plain"] = new() { Schema = schema },
                },
            };
        });

    private static RouteHandlerBuilder WithIngestionProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

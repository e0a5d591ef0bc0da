using Microsoft.AspNetCore.Http.HttpResults;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>An ingestion endpoint: 202 with <typeparamref name="TAccepted"/>, or a counted problem.</summary>
internal interface IIngestionEndpoint<TAccepted>
{
    Task<Results<Accepted<TAccepted>, ProblemHttpResult>> HandleAsync(HttpContext http, CancellationToken cancellationToken);
}

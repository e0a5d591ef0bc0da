namespace VectorVue.TelemetryApi.Problems;

/// <summary>
/// Endpoint metadata naming the counter of an API surface, so that refusals made before the endpoint runs (a
/// missing or bad token) are counted with that surface's. Endpoints without it count with the registered
/// <see cref="IRejectionCounter"/> (ingestion's).
/// </summary>
internal interface IRejectionCounterSource
{
    IRejectionCounter Resolve(IServiceProvider services);
}

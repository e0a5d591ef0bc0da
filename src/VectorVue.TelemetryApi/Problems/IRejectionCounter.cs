namespace VectorVue.TelemetryApi.Problems;

/// <summary>
/// Where an API surface counts the requests it refuses, by reason and tenant. The one registered as the service
/// <see cref="IRejectionCounter"/> counts refusals of endpoints that name no counter of their own.
/// </summary>
internal interface IRejectionCounter
{
    void Rejected(string reason, Guid? tenantId);
}

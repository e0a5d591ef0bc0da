namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>Where an API surface counts the requests it refuses, by reason and tenant.</summary>
internal interface IRejectionCounter
{
    void Rejected(string reason, Guid? tenantId);
}

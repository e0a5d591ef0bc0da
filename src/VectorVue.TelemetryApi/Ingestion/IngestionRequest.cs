using System.Text.Json;
using VectorVue.TelemetryApi.Callers;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>An ingestion request past its first steps: who sent it, its JSON body, and when it arrived.</summary>
internal sealed record IngestionRequest(Caller Caller, JsonDocument Body, DateTimeOffset ReceivedAt) : IDisposable
{
    public Guid TenantId => Caller.TenantId;

    public void Dispose() => Body.Dispose();
}

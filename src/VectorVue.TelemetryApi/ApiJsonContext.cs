using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.TelemetryApi;

/// <summary>Source-generated JSON for every response the API writes.</summary>
[JsonSerializable(typeof(AcceptedEvent))]
[JsonSerializable(typeof(BatchAccepted))]
[JsonSerializable(typeof(BatchEventResult))]
[JsonSerializable(typeof(List<BatchEventResult>))]
[JsonSerializable(typeof(BatchEventResult[]))]
[JsonSerializable(typeof(ClientEventDocument))]
[JsonSerializable(typeof(ClientEventBatchDocument))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace VectorVue.Contracts;

/// <summary>Source-generated JSON for the stream payload: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(QueuedEvent))]
public sealed partial class QueueJsonContext : JsonSerializerContext;

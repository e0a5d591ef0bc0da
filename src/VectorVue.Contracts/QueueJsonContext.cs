using System.Text.Json.Serialization;

namespace VectorVue.Contracts;

/// <summary>
/// Source-generated JSON for the stream payload: one event (<see cref="StreamFields.Event"/>) or a batch's array
/// (<see cref="StreamFields.Events"/>). No reflection on the hot path.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(QueuedEvent))]
[JsonSerializable(typeof(QueuedEvent[]))]
public sealed partial class QueueJsonContext : JsonSerializerContext;

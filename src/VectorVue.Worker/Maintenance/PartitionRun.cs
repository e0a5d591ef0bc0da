using System.Text.Json.Serialization;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// What a maintenance run did (the answer of <c>POST /admin/partitions/maintain</c>): the months it made sure of,
/// how many partitions it created for them, the retention cutoff (null: kept forever) and the partitions dropped.
/// </summary>
internal sealed record PartitionRun(
    [property: JsonPropertyName("ensured_from")] DateOnly EnsuredFrom,
    [property: JsonPropertyName("ensured_through")] DateOnly EnsuredThrough,
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("dropped_before")] DateTimeOffset? DroppedBefore,
    [property: JsonPropertyName("dropped")] IReadOnlyList<string> Dropped,
    [property: JsonPropertyName("finished_at")] DateTimeOffset FinishedAt);

using System.Text.Json.Serialization;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>What became of one event of a batch.</summary>
internal sealed record BatchEventResult(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("event_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? EventId = null,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, string[]>? Errors = null)
{
    public const string AcceptedStatus = "accepted";
    public const string RejectedStatus = "rejected";
}

/// <summary>The 202 body of a batch: counts and one result per event, in the order sent.</summary>
internal sealed record BatchAccepted(
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("results")] IReadOnlyList<BatchEventResult> Results);

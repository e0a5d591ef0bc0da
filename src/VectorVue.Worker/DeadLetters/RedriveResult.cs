using System.Text.Json.Serialization;

namespace VectorVue.Worker.DeadLetters;

/// <summary>
/// What a re-drive did: how many dead letters it put back on the stream, how many are still waiting, and — when
/// some remain — what stopped it (<c>high_water_mark</c>: the stream is full; <c>call_limit</c>: run it again).
/// </summary>
internal sealed record RedriveResult(
    [property: JsonPropertyName("redriven")] int Redriven,
    [property: JsonPropertyName("remaining")] long Remaining,
    [property: JsonPropertyName("stopped_by")] string? StoppedBy)
{
    public const string StoppedByHighWaterMark = "high_water_mark";
    public const string StoppedByCallLimit = "call_limit";
}

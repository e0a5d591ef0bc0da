namespace VectorVue.TelemetryApi.Privacy;

/// <summary>The result of sanitizing <c>metadata_json</c>: the JSON to store, what was dropped, and what is invalid.</summary>
internal sealed record SanitizedMetadata(string Json, int DroppedKeys, IReadOnlyList<string> Errors);

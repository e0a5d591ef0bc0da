using System.Text.Json.Serialization;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>Source-generated, snake_case JSON of the analytics responses (the contract's naming).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MttaResponse))]
[JsonSerializable(typeof(MttrResponse))]
[JsonSerializable(typeof(AwarenessResponse))]
[JsonSerializable(typeof(ResponsivenessResponse))]
[JsonSerializable(typeof(TrendResponse))]
[JsonSerializable(typeof(SummaryResponse))]
internal sealed partial class AnalyticsJsonContext : JsonSerializerContext;

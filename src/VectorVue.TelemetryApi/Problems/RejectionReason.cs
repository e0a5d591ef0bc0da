namespace VectorVue.TelemetryApi.Problems;

/// <summary>
/// Why a request or an event was refused, on every API surface. The portal never reads responses (it uses
/// <c>sendBeacon</c>), so every reason is a metric tag and a problem <c>reason</c> the operators can see.
/// </summary>
internal static class RejectionReason
{
    // Any surface: who calls.
    public const string Unauthorized = "unauthorized";
    public const string UnknownTenant = "unknown_tenant";
    public const string InactiveTenant = "inactive_tenant";
    public const string DirectoryUnavailable = "directory_unavailable";

    // Ingestion.
    public const string MalformedJson = "malformed_json";
    public const string BodyTooLarge = "body_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidFields = "invalid_fields";
    public const string RateLimited = "rate_limited";
    public const string RateLimiterUnavailable = "rate_limiter_unavailable";
    public const string QueueUnavailable = "queue_unavailable";
    public const string QueueFull = "queue_full";

    // Analytics.
    public const string InvalidParameters = "invalid_parameters";
    public const string AnalyticsUnavailable = "analytics_unavailable";
}

using System.Globalization;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>Writes <c>RateLimit-*</c> headers (IETF httpapi draft) and, on refusal, <c>Retry-After</c>.</summary>
internal static class RateLimitHeaders
{
    public static void Apply(HttpResponse response, RateLimitDecision decision)
    {
        var headers = response.Headers;
        headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = Seconds(decision.Reset).ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            headers.RetryAfter = Seconds(decision.RetryAfter).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whole seconds, rounded up, at least 1: a client that waits this long is admitted.</summary>
    public static long Seconds(TimeSpan duration) => Math.Max(1, (long)Math.Ceiling(duration.TotalSeconds));
}

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// A limit on one tenant's requests to one part of the API (its <c>scope</c>, e.g. <c>analytics</c>), shared by
/// every API replica. The seam through which such limits follow the ingestion limits to whichever limiter decides
/// those.
/// </summary>
internal interface ITenantRequestLimiter
{
    /// <summary>Decides whether one more request of <paramref name="tenantId"/> in <paramref name="scope"/> may pass, and records it if so.</summary>
    /// <exception cref="StackExchange.Redis.RedisException">Redis could not decide; the caller must not let the request pass.</exception>
    /// <exception cref="TimeoutException">Redis did not answer in time; the same.</exception>
    Task<RateLimitDecision> AcquireAsync(string scope, Guid tenantId, int limit, TimeSpan window, CancellationToken cancellationToken);
}

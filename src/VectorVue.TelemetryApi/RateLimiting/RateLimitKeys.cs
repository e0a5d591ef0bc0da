using StackExchange.Redis;
using VectorVue.Contracts;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// The keys of a tenant's limits: <c>vectorvue:rl:{&lt;shard tag&gt;}:&lt;tenant&gt;:user:&lt;user&gt;</c>,
/// <c>…:tenant</c> and <c>…:&lt;scope&gt;</c>. Each carries the hash tag of the tenant's shard
/// (<see cref="StreamShards.HashTag"/>), the tag of the shard's stream and queued-events counter too, so the one script
/// that admits and queues a request touches keys of one slot: on a Redis Cluster it runs on the shard's node.
/// </summary>
internal sealed class RateLimitKeys(StreamShards shards)
{
    public StreamShards Shards => shards;

    public RedisKey User(Guid tenantId, string? username) => Prefix(tenantId) + "user:" + UserBucket.Of(username);

    public RedisKey Tenant(Guid tenantId) => Prefix(tenantId) + "tenant";

    /// <summary>The key of a limit on one part of the API (<see cref="ITenantRequestLimiter"/>), e.g. <c>analytics</c>.</summary>
    public RedisKey Scope(Guid tenantId, string scope) => Prefix(tenantId) + scope;

    private string Prefix(Guid tenantId) =>
        "vectorvue:rl:{" + shards.HashTag(shards.ShardOf(tenantId)) + "}:" + tenantId.ToString("N") + ":";
}

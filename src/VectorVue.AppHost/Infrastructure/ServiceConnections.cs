namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// A service's own connection strings (its database role, its Redis user), what must be healthy before it starts,
/// what must have finished (the local Redis Cluster's formation), and the settings that come with this Redis (the
/// stream's shard count on a cluster).
/// </summary>
internal sealed record ServiceConnections(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IReadOnlyList<IResourceBuilder<IResource>> StartupDependencies)
{
    /// <summary>One-shot resources that must have finished successfully before the service starts.</summary>
    public IReadOnlyList<IResourceBuilder<IResource>> StartupCompletions { get; init; } = [];

    /// <summary>Environment variables the service gets with this Redis.</summary>
    public IReadOnlyDictionary<string, string> RedisEnvironment { get; init; } = new Dictionary<string, string>();
}

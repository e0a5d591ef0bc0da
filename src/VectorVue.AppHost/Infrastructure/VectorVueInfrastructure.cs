
namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// What the services need from the infrastructure, whatever its mode: a PostgreSQL database and a Redis server (or
/// cluster), each as a connection string, the resources that must be healthy before a service starts, and those that
/// must have finished.
/// </summary>
internal sealed record VectorVueInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IReadOnlyList<IResourceBuilder<IResource>> StartupDependencies)
{
    /// <summary>Connection name the services read (<c>ConnectionStrings:vectorvue</c>).</summary>
    public const string DatabaseName = "vectorvue";

    /// <summary>Connection name the services read (<c>ConnectionStrings:redis</c>).</summary>
    public const string RedisName = "redis";

    /// <summary>One-shot resources that must have finished successfully before a service starts (the local cluster's formation).</summary>
    public IReadOnlyList<IResourceBuilder<IResource>> StartupCompletions { get; init; } = [];

    /// <summary>Settings every service that uses Redis gets from this infrastructure (the stream's shard count on a cluster).</summary>
    public IReadOnlyDictionary<string, string> ServiceEnvironment { get; init; } = new Dictionary<string, string>();
}

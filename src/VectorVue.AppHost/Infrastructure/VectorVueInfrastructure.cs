
namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// What the services need from the infrastructure, whatever its mode: a PostgreSQL database and a Redis server,
/// each as a connection string, and the resources that must be healthy before a service starts.
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
}


namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// What the services need from the infrastructure, whatever its mode: the PostgreSQL database as its owner (the
/// migrator's), each service's own connection strings (<see cref="ServiceAccount"/>), and the resources that must be
/// healthy before anything starts.
/// </summary>
internal sealed record VectorVueInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IReadOnlyList<IResourceBuilder<IResource>> StartupDependencies,
    ServiceConnections Api,
    ServiceConnections Worker)
{
    /// <summary>Connection name the services read (<c>ConnectionStrings:vectorvue</c>).</summary>
    public const string DatabaseName = "vectorvue";

    /// <summary>Connection name the services read (<c>ConnectionStrings:redis</c>).</summary>
    public const string RedisName = "redis";
}

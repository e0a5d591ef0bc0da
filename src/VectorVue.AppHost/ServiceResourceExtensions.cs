using VectorVue.AppHost.Infrastructure;

namespace VectorVue.AppHost;

/// <summary>Wires a service to the infrastructure the same way in every mode.</summary>
internal static class ServiceResourceExtensions
{
    /// <summary>The database as its owner: only the migrator connects so (docs/architecture.md, "Least privilege").</summary>
    public static IResourceBuilder<ProjectResource> WithDatabase(
        this IResourceBuilder<ProjectResource> service, VectorVueInfrastructure infrastructure) =>
        service
            .WithReference(infrastructure.Database, VectorVueInfrastructure.DatabaseName)
            .WaitForAll(infrastructure.StartupDependencies);

    /// <summary>
    /// The services' own connection strings, under their own names (<c>ConnectionStrings:vectorvue-api</c>, …): the
    /// migrator creates each role they name, with its password, and grants it what its service needs.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceRoles(
        this IResourceBuilder<ProjectResource> migrator, VectorVueInfrastructure infrastructure) =>
        migrator
            .WithReference(infrastructure.Api.Database, ServiceAccount.Api.DatabaseConnectionName)
            .WithReference(infrastructure.Worker.Database, ServiceAccount.Worker.DatabaseConnectionName);

    /// <summary>The database as the service's own role, under the name every service reads (<c>ConnectionStrings:vectorvue</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithDatabase(
        this IResourceBuilder<ProjectResource> service, ServiceConnections connections) =>
        service
            .WithReference(connections.Database, VectorVueInfrastructure.DatabaseName)
            .WaitForAll(connections.StartupDependencies);

    /// <summary>Redis as the service's own ACL user, under the name every service reads (<c>ConnectionStrings:redis</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithRedis(
        this IResourceBuilder<ProjectResource> service, ServiceConnections connections)
    {
        service
            .WithReference(connections.Redis, VectorVueInfrastructure.RedisName)
            .WaitForAll(connections.StartupDependencies);
        foreach (var oneShot in connections.StartupCompletions)
        {
            service.WaitForCompletion(oneShot);
        }

        foreach (var (name, value) in connections.RedisEnvironment)
        {
            service.WithEnvironment(name, value);
        }

        return service;
    }

    private static IResourceBuilder<ProjectResource> WaitForAll(
        this IResourceBuilder<ProjectResource> service, IEnumerable<IResourceBuilder<IResource>> dependencies)
    {
        foreach (var dependency in dependencies)
        {
            service.WaitFor(dependency);
        }

        return service;
    }
}

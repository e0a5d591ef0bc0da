using VectorVue.AppHost.Infrastructure;

namespace VectorVue.AppHost;

/// <summary>Wires a service to the infrastructure the same way in every mode.</summary>
internal static class ServiceResourceExtensions
{
    public static IResourceBuilder<ProjectResource> WithDatabase(
        this IResourceBuilder<ProjectResource> service, VectorVueInfrastructure infrastructure) =>
        service
            .WithReference(infrastructure.Database, VectorVueInfrastructure.DatabaseName)
            .WaitForAll(infrastructure.StartupDependencies);

    public static IResourceBuilder<ProjectResource> WithRedis(
        this IResourceBuilder<ProjectResource> service, VectorVueInfrastructure infrastructure)
    {
        service
            .WithReference(infrastructure.Redis, VectorVueInfrastructure.RedisName)
            .WaitForAll(infrastructure.StartupDependencies);
        foreach (var oneShot in infrastructure.StartupCompletions)
        {
            service.WaitForCompletion(oneShot);
        }

        foreach (var (name, value) in infrastructure.ServiceEnvironment)
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

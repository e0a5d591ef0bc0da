namespace VectorVue.AppHost.Infrastructure;

/// <summary>A service's own connection strings (its database role, its Redis user) and what must be healthy before it starts.</summary>
internal sealed record ServiceConnections(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IReadOnlyList<IResourceBuilder<IResource>> StartupDependencies);

namespace VectorVue.AppHost.Infrastructure;

/// <summary>Where PostgreSQL and Redis come from (<c>VectorVue:Infrastructure</c>).</summary>
internal enum InfrastructureMode
{
    /// <summary>Containers when a container runtime answers, otherwise local executables.</summary>
    Auto,

    /// <summary>Aspire's PostgreSQL and Redis container resources.</summary>
    Containers,

    /// <summary>The machine's own <c>postgres</c> and <c>redis-server</c>, started as Aspire executables.</summary>
    Local,

    /// <summary>
    /// Connection strings from configuration; nothing is started. Always used when publishing: in Azure the
    /// connection strings come from the managed services infra/ creates (docs/deploy.md).
    /// </summary>
    External,
}

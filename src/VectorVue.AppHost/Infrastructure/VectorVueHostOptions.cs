namespace VectorVue.AppHost.Infrastructure;

/// <summary>The AppHost's own settings, bound from the <c>VectorVue</c> section (see docs/configuration.md).</summary>
internal sealed class VectorVueHostOptions
{
    public const string SectionName = "VectorVue";

    public InfrastructureMode Infrastructure { get; set; } = InfrastructureMode.Auto;

    /// <summary>Fixed local port of the telemetry API.</summary>
    public int ApiPort { get; set; } = 5080;

    /// <summary>How many telemetry API processes run behind the one endpoint (they share the Redis rate limits).</summary>
    public int ApiReplicas { get; set; } = 1;

    /// <summary>Fixed local port of the worker's internal endpoint (health, dead-letter re-drive); 0 lets Aspire choose.</summary>
    public int WorkerPort { get; set; } = 5081;

    /// <summary>How many workers drain the stream together (one consumer group).</summary>
    public int WorkerReplicas { get; set; } = 1;

    /// <summary>Create the demo tenant and user at migration time (on in Development).</summary>
    public bool SeedDemoTenant { get; set; }

    public LocalInfrastructureOptions Local { get; set; } = new();
}

/// <summary>Settings of <see cref="InfrastructureMode.Local"/>.</summary>
internal sealed class LocalInfrastructureOptions
{
    /// <summary>Port PostgreSQL is reachable on (0: let Aspire choose).</summary>
    public int PostgresPort { get; set; } = 55432;

    /// <summary>
    /// Port Redis is reachable on (0: let Aspire choose). With <see cref="RedisCluster"/>, the first node's port; the
    /// others follow it (0: the AppHost picks free ports for every node).
    /// </summary>
    public int RedisPort { get; set; } = 56379;

    /// <summary>
    /// Local mode only: a three-node Redis Cluster instead of the single Redis, the stream sharded over it
    /// (docs/architecture.md, "Infrastructure modes").
    /// </summary>
    public bool RedisCluster { get; set; }

    /// <summary>Where the data of local PostgreSQL and Redis survives restarts; relative paths are resolved against the repository root.</summary>
    public string DataDirectory { get; set; } = ".data";

    /// <summary>Folder holding <c>postgres</c> and <c>initdb</c>; found automatically when empty.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>Path of <c>redis-server</c>; found on PATH when empty.</summary>
    public string? RedisServerPath { get; set; }

    /// <summary>Redis <c>appendfsync</c>: <c>everysec</c> (default) or <c>always</c>.</summary>
    public string RedisAppendFsync { get; set; } = "everysec";
}

using Microsoft.Extensions.DependencyInjection;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// Local infrastructure mode: the machine's own PostgreSQL and Redis as Aspire executable resources, with health
/// checks, data kept between runs and connection strings shaped exactly like the container resources'. Their
/// endpoints are not proxied (<see cref="LocalPorts"/>): the services connect to the servers themselves.
/// </summary>
internal static class LocalInfrastructureExtensions
{
    public static VectorVueInfrastructure AddLocalInfrastructure(
        this IDistributedApplicationBuilder builder, LocalInfrastructureOptions options)
    {
        var dataDirectory = ResolveDataDirectory(builder, options.DataDirectory);
        var scripts = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Local", "scripts");

        var postgres = builder.AddLocalPostgres(options, dataDirectory, scripts);
        // Not added to the model: the migration service creates the database; services wait for the server.
        var database = builder.CreateResourceBuilder(new LocalPostgresDatabaseResource(
            VectorVueInfrastructure.DatabaseName, VectorVueInfrastructure.DatabaseName, postgres.Resource));
        if (options.RedisCluster)
        {
            var cluster = builder.AddLocalRedisCluster(options, dataDirectory, scripts);
            IResourceBuilder<IResource>[] clusterDependencies = [postgres, cluster.Cluster];
            var (clusterApi, clusterWorker) = builder.AddLocalServiceAccounts(
                postgres, cluster.Cluster, cluster.Nodes, dataDirectory, clusterDependencies);
            return new VectorVueInfrastructure(
                InfrastructureMode.Local,
                Database: database,
                StartupDependencies: clusterDependencies,
                Api: clusterApi with { StartupCompletions = [cluster.Formation], RedisEnvironment = cluster.ServiceEnvironment },
                Worker: clusterWorker with { StartupCompletions = [cluster.Formation], RedisEnvironment = cluster.ServiceEnvironment });
        }

        var redis = builder.AddLocalRedis(options, dataDirectory, scripts);
        IResourceBuilder<IResource>[] dependencies = [postgres, redis];
        var (api, worker) = builder.AddLocalServiceAccounts(postgres, redis, [redis], dataDirectory, dependencies);
        return new VectorVueInfrastructure(
            InfrastructureMode.Local,
            Database: database,
            StartupDependencies: dependencies,
            Api: api,
            Worker: worker);
    }

    private static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, LocalInfrastructureOptions options, string dataDirectory, string scripts)
    {
        var bin = LocalBinaries.FindPostgresBinDirectory(options.PostgresBinDirectory);
        var password = builder.AddSecretParameter("postgres-password", dataDirectory, "postgres");
        var resource = new LocalPostgresResource("postgres", "bash", dataDirectory, password.Resource);
        var healthCheckKey = $"{resource.Name}_check";
        var postgresPort = LocalPorts.Resolve(options.PostgresPort);

        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async ct =>
            await LocalHealthChecks.CheckPostgresAsync(resource, ct));

        return builder.AddResource(resource)
            .WithArgs(Path.Combine(scripts, "postgres.sh"))
            .WithEnvironment("PG_BIN", bin)
            .WithEnvironment("PGDATA", Path.Combine(dataDirectory, "postgres"))
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEndpoint(
                port: postgresPort,
                targetPort: postgresPort,
                name: LocalPostgresResource.EndpointName,
                scheme: "tcp",
                env: "PGPORT",
                isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    private static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, LocalInfrastructureOptions options, string dataDirectory, string scripts)
    {
        var server = LocalBinaries.FindRedisServer(options.RedisServerPath);
        var password = builder.AddLocalRedisPassword(dataDirectory);
        var redisPort = LocalPorts.Resolve(options.RedisPort);
        return builder.AddLocalRedisServer(VectorVueInfrastructure.RedisName, server, dataDirectory, "redis", scripts, password, options)
            .WithEndpoint(
                port: redisPort,
                targetPort: redisPort,
                name: LocalRedisResource.EndpointName,
                scheme: "tcp",
                env: "REDIS_PORT",
                isProxied: false);
    }

    /// <summary>The password of the single Redis and of every cluster node (<c>redis.password</c>).</summary>
    internal static IResourceBuilder<ParameterResource> AddLocalRedisPassword(this IDistributedApplicationBuilder builder, string dataDirectory) =>
        builder.AddSecretParameter("redis-password", dataDirectory, "redis");

    /// <summary>
    /// A <c>redis-server</c> run by <c>scripts/redis.sh</c> (AOF, no eviction, the password on standard input) in the
    /// data directory's <paramref name="folder"/>, healthy once it answers with the password; the caller adds its endpoint.
    /// </summary>
    internal static IResourceBuilder<LocalRedisResource> AddLocalRedisServer(
        this IDistributedApplicationBuilder builder,
        string name,
        string server,
        string dataDirectory,
        string folder,
        string scripts,
        IResourceBuilder<ParameterResource> password,
        LocalInfrastructureOptions options)
    {
        var resource = new LocalRedisResource(name, "bash", dataDirectory, password.Resource);
        var healthCheckKey = $"{resource.Name}_check";

        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async ct =>
            await LocalHealthChecks.CheckRedisAsync(resource, ct));

        return builder.AddResource(resource)
            .WithArgs(Path.Combine(scripts, "redis.sh"))
            .WithEnvironment("REDIS_SERVER", server)
            .WithEnvironment("REDIS_DATA", Path.Combine(dataDirectory, folder))
            .WithEnvironment("REDIS_PASSWORD", password)
            .WithEnvironment("REDIS_APPENDFSYNC", options.RedisAppendFsync)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Memory")
            .ExcludeFromManifest();
    }

    /// <summary>
    /// A secret parameter: the configured <c>Parameters:{name}</c> when there is one, else the password generated
    /// for this data directory on first use.
    /// </summary>
    internal static IResourceBuilder<ParameterResource> AddSecretParameter(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, string server) =>
        string.IsNullOrEmpty(builder.Configuration[$"Parameters:{name}"])
            ? builder.AddParameter(name, LocalSecrets.GetOrCreate(dataDirectory, server + ".password"), secret: true)
            : builder.AddParameter(name, secret: true);

    internal static string ResolveDataDirectory(IDistributedApplicationBuilder builder, string configured)
    {
        // Relative paths are anchored at the repository root (two levels above the AppHost project).
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        var path = Path.GetFullPath(Path.Combine(repositoryRoot, configured));
        Directory.CreateDirectory(path);
        return path;
    }
}

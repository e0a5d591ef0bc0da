using VectorVue.AppHost.Infrastructure.Local;

namespace VectorVue.AppHost.Infrastructure;

/// <summary>Chooses and adds PostgreSQL and Redis for the configured <see cref="InfrastructureMode"/>.</summary>
internal static class InfrastructureExtensions
{
    public static VectorVueInfrastructure AddVectorVueInfrastructure(
        this IDistributedApplicationBuilder builder, VectorVueHostOptions options)
    {
        var mode = ResolveMode(builder, options.Infrastructure);
        if (options.Local.RedisCluster && mode != InfrastructureMode.Local && builder.ExecutionContext.IsRunMode)
        {
            throw new InvalidOperationException(
                $"VectorVue:Local:RedisCluster starts redis-server processes, which only local mode does; the infrastructure mode is {mode}. " +
                "Set VectorVue:Infrastructure=local, or leave the cluster setting off (in external mode, a cluster's connection string is enough).");
        }

        return mode switch
        {
            InfrastructureMode.Containers => builder.AddContainerInfrastructure(options.Local),
            InfrastructureMode.Local => builder.AddLocalInfrastructure(options.Local),
            InfrastructureMode.External => builder.AddExternalInfrastructure(),
            _ => throw new InvalidOperationException($"Unsupported infrastructure mode '{mode}'."),
        };
    }

    private static InfrastructureMode ResolveMode(IDistributedApplicationBuilder builder, InfrastructureMode configured)
    {
        // The manifest azd deploys names PostgreSQL and Redis only by their connection strings: in Azure they are
        // Azure Database for PostgreSQL and Azure Managed Redis, created by infra/ (docs/deploy.md), never containers
        // (a PostgreSQL container on an Azure Files volume cannot even initdb there).
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.External;
        }

        if (configured != InfrastructureMode.Auto)
        {
            return configured;
        }

        return ContainerRuntimeProbe.IsAvailable(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"])
            ? InfrastructureMode.Containers
            : InfrastructureMode.Local;
    }

    private static VectorVueInfrastructure AddContainerInfrastructure(
        this IDistributedApplicationBuilder builder, LocalInfrastructureOptions ports)
    {
        var postgres = builder.AddPostgres("postgres")
            .WithDataVolume();
        var redis = builder.AddRedis(VectorVueInfrastructure.RedisName)
            .WithDataVolume()
            .WithRedisServerOptions($"--appendonly yes --appendfsync {ports.RedisAppendFsync} --maxmemory-policy noeviction");

        if (builder.ExecutionContext.IsRunMode)
        {
            postgres.WithHostPort(NullIfZero(ports.PostgresPort));
            redis.WithHostPort(NullIfZero(ports.RedisPort));
        }

        var database = postgres.AddDatabase(VectorVueInfrastructure.DatabaseName);
        IResourceBuilder<IResource>[] dependencies = [database, redis];
        var (api, worker) = builder.AddContainerServiceAccounts(postgres, redis, dependencies);
        return new VectorVueInfrastructure(
            InfrastructureMode.Containers,
            Database: database,
            StartupDependencies: dependencies,
            Api: api,
            Worker: worker);
    }

    /// <summary>
    /// Connection strings from configuration: the owner's (<c>vectorvue</c>, the migrator's) and each service's own
    /// (<c>vectorvue-api</c>, <c>vectorvue-worker</c>, <c>redis-api</c>, <c>redis-worker</c>); in Azure, Key Vault secrets
    /// infra/ writes (docs/deploy.md, "Least privilege").
    /// </summary>
    private static VectorVueInfrastructure AddExternalInfrastructure(this IDistributedApplicationBuilder builder)
    {
        ServiceConnections Service(ServiceAccount account) => new(
            builder.AddConnectionString(account.DatabaseConnectionName),
            builder.AddConnectionString(account.RedisConnectionName),
            StartupDependencies: []);

        return new(
            InfrastructureMode.External,
            Database: builder.AddConnectionString(VectorVueInfrastructure.DatabaseName),
            StartupDependencies: [],
            Api: Service(ServiceAccount.Api),
            Worker: Service(ServiceAccount.Worker));
    }

    internal static int? NullIfZero(int port) => port == 0 ? null : port;

    /// <summary>
    /// Aspire's Redis container runs <c>/bin/sh -c "redis-server …"</c>: options must go inside that one script
    /// argument (arguments after it would only become the shell's positional parameters and be ignored).
    /// </summary>
    private static IResourceBuilder<RedisResource> WithRedisServerOptions(this IResourceBuilder<RedisResource> redis, string options) =>
        redis.WithRedisServerOptions(_ => Task.FromResult(options));

    /// <inheritdoc cref="WithRedisServerOptions(IResourceBuilder{RedisResource}, string)"/>
    internal static IResourceBuilder<RedisResource> WithRedisServerOptions(
        this IResourceBuilder<RedisResource> redis, Func<CancellationToken, Task<string>> options) =>
        redis.WithArgs(async context =>
        {
            var script = context.Args.IndexOf("-c") + 1;
            if (script <= 0 || script >= context.Args.Count || context.Args[script] is not string command
                || !command.StartsWith("redis-server", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    "Aspire's Redis container no longer starts redis-server through '/bin/sh -c'; its options could not be set.");
            }

            context.Args[script] = $"{command} {await options(context.CancellationToken)}";
        });
}

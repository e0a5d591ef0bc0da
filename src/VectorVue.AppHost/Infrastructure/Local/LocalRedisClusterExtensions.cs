using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// Local mode with <c>VectorVue:Local:RedisCluster</c>: three <c>redis-server</c> nodes (<c>redis-0</c>…<c>redis-2</c>,
/// cluster mode, AOF and the password as the single Redis has them), a one-shot <c>redis-cluster-create</c> that forms
/// them into a cluster when they are not one yet, and the cluster resource <c>redis</c> the services reference.
/// </summary>
internal static class LocalRedisClusterExtensions
{
    public const string FormationName = "redis-cluster-create";

    /// <summary>The services' stream shard count (<c>EventStreamOptions.Shards</c>): one shard per node unless configured.</summary>
    private const string ShardsSetting = "VectorVue:Stream:Shards";

    public static LocalRedisCluster AddLocalRedisCluster(
        this IDistributedApplicationBuilder builder, LocalInfrastructureOptions options, string dataDirectory, string scripts)
    {
        var server = LocalBinaries.FindRedisServer(options.RedisServerPath);
        var cli = LocalBinaries.FindRedisCli(server);
        var password = builder.AddLocalRedisPassword(dataDirectory);
        var layout = LocalRedisClusterNode.Layout(options.RedisPort);
        var cluster = builder.AddResource(new LocalRedisClusterResource(VectorVueInfrastructure.RedisName, layout, password.Resource))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "RedisCluster",
                State = KnownResourceStates.Waiting,
                Properties = [],
            })
            .WithIconName("Memory")
            .ExcludeFromManifest();

        var nodes = layout.Select(node => builder
                .AddLocalRedisServer(node.Name, server, dataDirectory, Path.Combine("redis-cluster", node.Name), scripts, password, options)
                .WithEnvironment("REDIS_CLUSTER_BUS_PORT", node.BusPort.ToString(CultureInfo.InvariantCulture))
                .WithEndpoint(
                    port: node.Port,
                    targetPort: node.Port,
                    name: LocalRedisResource.EndpointName,
                    scheme: "tcp",
                    env: "REDIS_PORT",
                    isProxied: false)
                .WithParentRelationship(cluster))
            .ToList();

        var formation = builder.AddExecutable(FormationName, "bash", dataDirectory, Path.Combine(scripts, "redis-cluster.sh"))
            .WithEnvironment("REDIS_CLI", cli)
            .WithEnvironment("REDISCLI_AUTH", password)
            .WithEnvironment("REDIS_NODES", string.Join(' ', layout.Select(node => node.Address)))
            .WithParentRelationship(cluster)
            .WithIconName("BranchFork")
            .ExcludeFromManifest();
        foreach (var node in nodes)
        {
            formation.WaitFor(node);
        }

        var healthCheckKey = $"{cluster.Resource.Name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async ct =>
            await LocalHealthChecks.CheckRedisClusterAsync(cluster.Resource, ct));
        cluster.WithHealthCheck(healthCheckKey)
            .OnInitializeResource((resource, e, initializing) =>
            {
                // The cluster runs once its formation has finished well: only then does every node hold its slots.
                var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                _ = FollowFormationAsync(resource, formation.Resource, e.Notifications, stopping);
                return Task.CompletedTask;
            });

        var shards = builder.Configuration[ShardsSetting] ?? LocalRedisClusterNode.Count.ToString(CultureInfo.InvariantCulture);
        return new LocalRedisCluster(cluster, nodes, formation, new Dictionary<string, string> { [ShardsSetting.Replace(":", "__", StringComparison.Ordinal)] = shards });
    }

    private static async Task FollowFormationAsync(
        LocalRedisClusterResource cluster, ExecutableResource formation, ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await notifications.PublishUpdateAsync(cluster, s => s with { State = KnownResourceStates.Starting });
            var finished = await notifications.WaitForResourceAsync(
                formation.Name, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
            var formed = finished.Snapshot.ExitCode == 0;
            await notifications.PublishUpdateAsync(cluster, s => s with
            {
                State = formed ? KnownResourceStates.Running : KnownResourceStates.FailedToStart,
                StartTimeStamp = formed ? DateTime.UtcNow : null,
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the app is stopping
        }
    }
}

/// <summary>The cluster the services reference, its nodes, its one-shot formation, and the environment the services get with it.</summary>
internal sealed record LocalRedisCluster(
    IResourceBuilder<LocalRedisClusterResource> Cluster,
    IReadOnlyList<IResourceBuilder<LocalRedisResource>> Nodes,
    IResourceBuilder<ExecutableResource> Formation,
    IReadOnlyDictionary<string, string> ServiceEnvironment);

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A system of its own on the local three-node Redis Cluster (<c>VectorVue:Local:RedisCluster</c>), the stream in one
/// shard per node: two API replicas behind one endpoint (the rate limits must hold across them) and one worker, with
/// the shared app's limits. The cluster tests kill a node, so they share no system with the others.
/// </summary>
public sealed class ClusterAppFixture : VectorVueAppFixture
{
    /// <summary>The cluster's nodes, <c>redis-0</c>…: node i holds the i-th third of the hash slots.</summary>
    public static readonly string[] Nodes = ["redis-0", "redis-1", "redis-2"];

    /// <summary>The one-shot resource that forms the nodes into a cluster.</summary>
    public const string Formation = "redis-cluster-create";

    /// <summary>One shard per node: what the AppHost gives the services with the cluster.</summary>
    protected override int Shards => 3;

    protected override string[] ExtraArgs => ["--VectorVue:Local:RedisCluster=true", $"--VectorVue:ApiReplicas={ApiReplicas}"];
}

[CollectionDefinition(Name)]
public sealed class ClusterAppGroup : ICollectionFixture<ClusterAppFixture>
{
    public const string Name = "VectorVue cluster app";
}

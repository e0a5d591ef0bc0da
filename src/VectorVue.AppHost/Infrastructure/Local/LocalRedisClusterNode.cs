using System.Net;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// One node of the local Redis Cluster: its resource name, the port clients reach it on and its cluster-bus port.
/// Node <c>i</c> holds the <c>i</c>-th third of the hash slots (<c>redis-cli --cluster create</c> hands them out in
/// order), so stream shard <c>i</c> lives on <c>redis-i</c>.
/// </summary>
internal sealed record LocalRedisClusterNode(int Index, int Port, int BusPort)
{
    /// <summary>How many nodes the local cluster has: the fewest masters <c>redis-cli --cluster create</c> accepts.</summary>
    public const int Count = 3;

    public string Name => $"{VectorVueInfrastructure.RedisName}-{Index}";

    /// <summary>The node as the cluster itself names it (and as <c>CLUSTER NODES</c> shows it).</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>
    /// Node <c>i</c> listens on <paramref name="firstPort"/> + i; its cluster bus on that port + 10000 (Redis'
    /// convention) or, where that passes 65535 as with the default 56379, that port − 10000 (46379…). With
    /// <paramref name="firstPort"/> 0 the AppHost picks free ports once, when it starts, and keeps them for the run:
    /// a node that is restarted must come back on the ports the other nodes (and its own <c>nodes.conf</c>) know it
    /// by, which ports the orchestrator chooses per start do not promise.
    /// </summary>
    public static IReadOnlyList<LocalRedisClusterNode> Layout(int firstPort)
    {
        if (firstPort == 0)
        {
            var free = LocalPorts.Free(2 * Count);
            return [.. Enumerable.Range(0, Count).Select(i => new LocalRedisClusterNode(i, free[i], free[Count + i]))];
        }

        if (firstPort < 1024 || firstPort + Count - 1 > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException(
                $"VectorVue:Local:RedisPort is {firstPort}: the local Redis Cluster's {Count} nodes need ports {firstPort}…{firstPort + Count - 1} between 1024 and {IPEndPoint.MaxPort} (or 0 to pick free ones).");
        }

        return [.. Enumerable.Range(0, Count).Select(i => firstPort + i)
            .Select((port, i) => new LocalRedisClusterNode(i, port, port + 10000 <= IPEndPoint.MaxPort ? port + 10000 : port - 10000))];
    }
}

using StackExchange.Redis;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The pipeline on a three-node Redis Cluster, the stream in three shards: the cluster as local mode forms it, every
/// tenant's events delivered exactly once whichever node holds its shard, the rate limits across two API replicas,
/// and one node killed and brought back.
/// </summary>
[Collection(ClusterAppGroup.Name)]
public sealed class ClusterTests(ClusterAppFixture fixture)
{
    [Fact]
    public async Task Local_mode_forms_three_nodes_into_one_cluster_once_and_leaves_it_as_it_is_on_a_second_formation()
    {
        var redis = await fixture.ConnectRedisAsync();
        var before = await ClusterNodesAsync(redis);
        Assert.Equal(3, before.Count);
        Assert.All(before, node => Assert.Contains("master", node.Flags));
        Assert.All(before, node => Assert.DoesNotContain("fail", node.Flags));
        // redis-cli --cluster create hands the slots out in order: node i holds the i-th third.
        (int Start, int End)[] thirds = [(0, 5460), (5461, 10922), (10923, 16383)];
        Assert.Equal(thirds, before.OrderBy(n => n.Slots.Start).Select(n => n.Slots));
        foreach (var name in (string[])[.. ClusterAppFixture.Nodes, "redis"])
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name).WaitAsync(TestTimeouts.Startup);
        }

        await fixture.RunCommandAsync(ClusterAppFixture.Formation, "resource-start");
        var second = await fixture.App.ResourceNotifications.WaitForResourceAsync(
                ClusterAppFixture.Formation, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text) && e.Snapshot.ExitCode is not null)
            .WaitAsync(TestTimeouts.Startup);
        Assert.Equal(0, second.Snapshot.ExitCode);
        Assert.Equal(before.OrderBy(n => n.Id), (await ClusterNodesAsync(redis)).OrderBy(n => n.Id));
    }

    private static async Task<List<ClusterNodeLine>> ClusterNodesAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServers().First(s => s.IsConnected);
        var text = (string)(await server.ExecuteAsync("CLUSTER", "NODES"))!;
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ClusterNodeLine.Parse)];
    }

    /// <summary>One line of <c>CLUSTER NODES</c>: id, address, flags, link state and the one slot range a node holds here.</summary>
    private sealed record ClusterNodeLine(string Id, string Address, string Flags, string Link, (int Start, int End) Slots)
    {
        public static ClusterNodeLine Parse(string line)
        {
            var fields = line.Trim().Split(' ');
            var range = fields.Length > 8 ? fields[8].Split('-') : ["-1"];
            return new ClusterNodeLine(fields[0], fields[1].Split('@')[0], fields[2].Replace("myself,", "", StringComparison.Ordinal), fields[7],
                (int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(range[^1], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}

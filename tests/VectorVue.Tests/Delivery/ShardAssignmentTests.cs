using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>Which shards each drain loop reads: every shard read, none starved, loops spread evenly.</summary>
public sealed class ShardAssignmentTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 3)]
    [InlineData(2, 3)]
    [InlineData(1, 3)]
    [InlineData(3, 64)]
    [InlineData(64, 64)]
    public void Every_shard_is_read_by_some_loop_and_loops_share_them_evenly(int loops, int shards)
    {
        var assigned = Enumerable.Range(0, loops).Select(loop => ShardAssignment.ShardsOf(loop, loops, shards)).ToList();

        Assert.Equal(Enumerable.Range(0, shards), assigned.SelectMany(s => s).Distinct().Order());
        var readersPerShard = Enumerable.Range(0, shards).Select(shard => assigned.Count(s => s.Contains(shard))).ToList();
        Assert.InRange(readersPerShard.Max() - readersPerShard.Min(), 0, 1);
        var shardsPerLoop = assigned.Select(s => s.Count).ToList();
        Assert.InRange(shardsPerLoop.Max() - shardsPerLoop.Min(), 0, 1);
    }

    [Fact]
    public void With_at_least_as_many_loops_as_shards_each_loop_reads_one_shard()
    {
        Assert.Equal([[0], [1], [2], [0]], Enumerable.Range(0, 4).Select(loop => ShardAssignment.ShardsOf(loop, 4, 3)));
    }

    [Fact]
    public void With_fewer_loops_than_shards_a_loop_reads_several_in_turn()
    {
        Assert.Equal([[0, 2], [1]], Enumerable.Range(0, 2).Select(loop => ShardAssignment.ShardsOf(loop, 2, 3)));
        Assert.Equal([0, 1, 2], ShardAssignment.ShardsOf(0, 1, 3));
    }
}

namespace VectorVue.Worker.Draining;

/// <summary>
/// Which shards each drain loop of a worker reads. With at least as many loops as shards, loop i reads shard
/// i mod shards alone, so every shard has a loop of its own (and a blocking read of its own); the loops beyond one
/// per shard add readers to the first shards. With fewer loops than shards, loop i reads shards i, i + loops,
/// i + 2·loops … in turn, one batch each per round, so none starves. Every worker process assigns its loops the same
/// way: with several replicas each shard has readers in every one.
/// </summary>
internal static class ShardAssignment
{
    /// <param name="loop">The loop's index, from 0.</param>
    /// <param name="loops">The worker's drain loops (<see cref="WorkerOptions.Consumers"/>).</param>
    /// <param name="shards">The queue's shards.</param>
    public static IReadOnlyList<int> ShardsOf(int loop, int loops, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loops, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(loop);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(loop, loops);

        if (loops >= shards)
        {
            return [loop % shards];
        }

        var served = new List<int>((shards / loops) + 1);
        for (var shard = loop; shard < shards; shard += loops)
        {
            served.Add(shard);
        }

        return served;
    }
}

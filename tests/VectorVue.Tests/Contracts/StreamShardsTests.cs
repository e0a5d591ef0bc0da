using VectorVue.Contracts;

namespace VectorVue.Tests.Contracts;

/// <summary>
/// The shard layout is a contract between processes (API, workers, operators' tools) and between releases: the
/// answers below were computed independently of this code and must never change.
/// </summary>
public sealed class StreamShardsTests
{
    [Theory]
    [InlineData("a11ce000-0000-4000-8000-000000000001", 9214088749659978425UL)]
    [InlineData("00000000-0000-0000-0000-000000000000", 9808874869469701221UL)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", 15447475403222018133UL)]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", 14510101508597957322UL)]
    public void A_tenant_hashes_to_fixed_known_answers(string tenantId, ulong hash) =>
        Assert.Equal(hash, StreamShards.Fnv1a64(Guid.Parse(tenantId)));

    [Theory]
    [InlineData("a11ce000-0000-4000-8000-000000000001", 3, 2)]
    [InlineData("a11ce000-0000-4000-8000-000000000001", 64, 57)]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", 3, 0)]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", 64, 10)]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff", 64, 21)]
    public void A_tenant_has_a_fixed_shard(string tenantId, int shards, int shard) =>
        Assert.Equal(shard, Layout(shards).ShardOf(Guid.Parse(tenantId)));

    [Fact]
    public void One_shard_keeps_the_single_stream_and_its_name()
    {
        var layout = Layout(1);

        Assert.Equal(0, layout.ShardOf(Guid.NewGuid()));
        Assert.Equal("vectorvue:events", layout.HashTag(0));
        Assert.Equal("vectorvue:events", layout.StreamKey(0));
        Assert.Equal("vectorvue:queued:{vectorvue:events}", layout.QueuedCounterKey(0));
        // The stream's own slot is its tag's: keys tagged {vectorvue:events} live beside it on a cluster.
        Assert.Equal(RedisHashSlot.Of("vectorvue:events"), RedisHashSlot.Of(layout.QueuedCounterKey(0)));
    }

    [Fact]
    public void Three_shards_have_fixed_tags_keys_and_slots_one_per_third_of_the_slots()
    {
        var layout = Layout(3);

        Assert.Equal(["vectorvue:events.0.0", "vectorvue:events.1.1", "vectorvue:events.2.1"],
            Enumerable.Range(0, 3).Select(layout.HashTag));
        Assert.Equal(["vectorvue:events:{vectorvue:events.0.0}", "vectorvue:events:{vectorvue:events.1.1}", "vectorvue:events:{vectorvue:events.2.1}"],
            layout.StreamKeys);
        Assert.Equal("vectorvue:queued:{vectorvue:events.1.1}", layout.QueuedCounterKey(1));
        Assert.Equal([4082, 10467, 12723], layout.StreamKeys.Select(RedisHashSlot.Of));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(45)]
    [InlineData(64)]
    public void Every_key_of_a_shard_is_in_its_share_of_the_slots_away_from_the_share_s_first_slot(int shards)
    {
        var layout = Layout(shards);
        for (var shard = 0; shard < shards; shard++)
        {
            var (first, end) = layout.SlotRange(shard);
            Assert.Equal((shard * 16384 / shards) + 1, first);
            Assert.Equal((shard + 1) * 16384 / shards, end);
            foreach (var key in (string[])[layout.StreamKey(shard), layout.QueuedCounterKey(shard), $"vectorvue:rl:{{{layout.HashTag(shard)}}}:x"])
            {
                Assert.InRange(RedisHashSlot.Of(key), first, end - 1);
            }
        }
    }

    [Fact]
    public void Tenants_spread_over_every_shard()
    {
        var layout = Layout(3);
        var random = new Random(7);
        var counts = new int[3];
        for (var i = 0; i < 3000; i++)
        {
            counts[layout.ShardOf(new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]))]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 800, 1200));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void A_shard_count_outside_1_to_64_is_refused(int shards) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Layout(shards));

    [Theory]
    [InlineData("events{x}")]
    [InlineData("")]
    public void A_stream_key_with_braces_or_none_is_refused(string streamKey) =>
        Assert.Throws<ArgumentException>(() => new StreamShards(new EventStreamOptions { StreamKey = streamKey, Shards = 2 }));

    [Fact]
    public void A_shard_outside_the_layout_is_refused()
    {
        var layout = Layout(3);

        Assert.Throws<ArgumentOutOfRangeException>(() => layout.StreamKey(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.HashTag(-1));
    }

    private static StreamShards Layout(int shards) => new(new EventStreamOptions { Shards = shards });
}

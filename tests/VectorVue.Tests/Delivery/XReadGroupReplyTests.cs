using StackExchange.Redis;
using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>The raw XREADGROUP answer (sent through ExecuteAsync for BLOCK) read back into entries, in both protocols.</summary>
public sealed class XReadGroupReplyTests
{
    private static readonly RedisResult Entries = RedisResult.Create(
    [
        Entry("1700000000000-0", "event", "{}", "n", "1"),
        Entry("1700000000000-1", "events", "[]", "n", "2", "traceparent", "00-abc"),
    ]);

    [Fact]
    public void A_block_that_ended_with_nothing_new_is_no_entries()
    {
        Assert.Empty(XReadGroupReply.EntriesOf(RedisResult.Create(RedisValue.Null)));
    }

    [Fact]
    public void The_resp2_reply_is_an_array_of_stream_and_entries_pairs()
    {
        var reply = RedisResult.Create([RedisResult.Create([RedisResult.Create((RedisValue)"vectorvue:events"), Entries])]);

        AssertEntries(XReadGroupReply.EntriesOf(reply));
    }

    [Fact]
    public void The_resp3_reply_is_a_map_of_stream_to_entries()
    {
        var reply = RedisResult.Create([RedisResult.Create((RedisValue)"vectorvue:events"), Entries], ResultType.Map);

        AssertEntries(XReadGroupReply.EntriesOf(reply));
    }

    [Fact]
    public void An_entry_deleted_since_it_was_delivered_has_no_fields()
    {
        var deleted = RedisResult.Create([RedisResult.Create((RedisValue)"1-0"), RedisResult.Create(RedisValue.Null)]);
        var reply = RedisResult.Create([RedisResult.Create([RedisResult.Create((RedisValue)"s"), RedisResult.Create([deleted])])]);

        var entry = Assert.Single(XReadGroupReply.EntriesOf(reply));
        Assert.Equal("1-0", entry.Id);
        Assert.Empty(entry.Values);
    }

    private static void AssertEntries(StackExchange.Redis.StreamEntry[] entries)
    {
        Assert.Equal(["1700000000000-0", "1700000000000-1"], entries.Select(e => (string)e.Id!));
        Assert.Equal([("event", "{}"), ("n", "1")], entries[0].Values.Select(v => ((string)v.Name!, (string)v.Value!)));
        Assert.Equal([("events", "[]"), ("n", "2"), ("traceparent", "00-abc")], entries[1].Values.Select(v => ((string)v.Name!, (string)v.Value!)));
    }

    private static RedisResult Entry(string id, params string[] fields) =>
        RedisResult.Create([RedisResult.Create((RedisValue)id), RedisResult.Create([.. fields.Select(f => (RedisValue)f)])]);
}

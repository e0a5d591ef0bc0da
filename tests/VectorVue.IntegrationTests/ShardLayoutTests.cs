using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Our hash slot function (the shard layout is built on it) against StackExchange.Redis' own, which routes every
/// command on a cluster. The client only computes slots once it knows it is not talking to a standalone server, so it
/// connects to the system's Redis as to a proxy (a mode in which it computes slots without asking the server).
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class ShardLayoutTests(VectorVueAppFixture fixture)
{
    [Fact]
    public async Task Our_hash_slots_are_the_ones_stackexchange_redis_routes_by()
    {
        var options = ConfigurationOptions.Parse(
            await fixture.App.GetConnectionStringAsync("redis").AsTask().WaitAsync(TestTimeouts.Request) ?? string.Empty);
        options.Proxy = Proxy.Twemproxy;
        await using var client = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TestTimeouts.Request);
        Assert.NotEqual(-1, client.HashSlot("123456789"));

        var random = new Random(13);
        var layout = new StreamShards(new EventStreamOptions { Shards = 64 });
        string[] keys =
        [
            "123456789", "{", "}", "{}", "{a", "a}", "x{y}z{w}", "a{}{b}",
            .. layout.StreamKeys, .. Enumerable.Range(0, 64).Select(layout.QueuedCounterKey),
            .. Enumerable.Range(0, 2000).Select(_ => RandomKey(random)),
        ];
        foreach (var key in keys)
        {
            Assert.Equal(client.HashSlot(key), RedisHashSlot.Of(key));
        }
    }

    private static string RandomKey(Random random)
    {
        const string Alphabet = "abc:{}.0123é";
        return new string([.. Enumerable.Range(0, random.Next(1, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
    }
}

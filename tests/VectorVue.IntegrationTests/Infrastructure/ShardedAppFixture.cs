using System.Globalization;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A system of its own whose queue has <see cref="ShardCount"/> shards on the one local Redis (each shard's keys are just
/// distinct keys there), one worker with fewer drain loops than shards — so one loop serves two shards in turn and the
/// other one alone — small transactions, few deliveries before a dead letter, a fast maintenance pass, and the default takeover time (30 s), so
/// an entry a test holds at a consumer of its own is not taken over while the test runs. The tests
/// write the entries themselves, in both shapes, as the API's admission does (the entry and its count, one script).
/// </summary>
public sealed class ShardedAppFixture : VectorVueAppFixture
{
    public const int ShardCount = 3;
    public const int Consumers = 2;
    public const int MaxDeliveries = 2;
    public const int BatchSize = 10;
    public static readonly TimeSpan ReadBlockTime = TimeSpan.FromSeconds(2);

    protected override int Shards => ShardCount;

    protected override string[] ExtraArgs => [];

    protected override IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["VectorVue__Stream__Shards"] = ShardCount.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__Consumers"] = Consumers.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__MaxDeliveries"] = MaxDeliveries.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__ReadBlockTime"] = ReadBlockTime.ToString("c", CultureInfo.InvariantCulture),
        ["VectorVue__Worker__TrimInterval"] = "00:00:00.200",
    };
}

[CollectionDefinition(Name)]
public sealed class ShardedAppGroup : ICollectionFixture<ShardedAppFixture>
{
    public const string Name = "VectorVue sharded app";
}

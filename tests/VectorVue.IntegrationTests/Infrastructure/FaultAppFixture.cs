using System.Globalization;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A system of its own for the fault tests, which kill and stop its parts: one API replica, limits raised so load
/// is never throttled, fast takeover of a dead worker's entries and a low high-water mark. The tenant cache keeps
/// its default settings: the outage test relies on them, not on a longer cache lifetime.
/// </summary>
public sealed class FaultAppFixture : VectorVueAppFixture
{
    public const int HighWaterMark = 400;
    public const int MaxDeliveries = 3;

    protected override string[] ExtraArgs => [];

    protected override IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["VectorVue__RateLimiting__UserLimit"] = "1000000",
        ["VectorVue__RateLimiting__TenantLimit"] = "10000000",
        ["VectorVue__Ingestion__QueueHighWaterMark"] = HighWaterMark.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Ingestion__QueuePressureSampleInterval"] = "00:00:00.100",
        ["VectorVue__Worker__ClaimIdleTime"] = "00:00:03",
        ["VectorVue__Worker__MaxDeliveries"] = MaxDeliveries.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__RetryMaxDelay"] = "00:00:02",
        ["VectorVue__Worker__TrimInterval"] = "00:00:00.200",
    };
}

[CollectionDefinition(Name)]
public sealed class FaultAppGroup : ICollectionFixture<FaultAppFixture>
{
    public const string Name = "VectorVue fault app";
}

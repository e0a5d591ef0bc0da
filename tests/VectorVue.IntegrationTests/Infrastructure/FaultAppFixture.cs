using System.Globalization;
using VectorVue.FaultInjection;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A system of its own for the fault tests, which kill and stop its parts: one API replica, limits raised so load
/// is never throttled, fast takeover of a dead worker's entries and a low high-water mark. The tenant cache keeps
/// its default settings: the outage test relies on them, not on a longer cache lifetime. Batches of
/// <see cref="BatchSize"/> entries, so a few dozen entries are spread over every drain loop and a small backlog keeps
/// every loop reading; re-drive chunks of <see cref="RedriveChunkSize"/>; and the fault the tests can inject into the
/// worker (<see cref="InjectedFault"/>, tripped while <see cref="FaultMarker"/> exists).
/// </summary>
public sealed class FaultAppFixture : VectorVueAppFixture
{
    public const int HighWaterMark = 400;
    public const int MaxDeliveries = 3;
    public const int BatchSize = 5;
    public const int Consumers = 4;
    public const int RedriveChunkSize = 100;
    public static readonly TimeSpan ClaimIdleTime = TimeSpan.FromSeconds(3);

    /// <summary>While this file exists, the worker fails on entries of the <see cref="InjectedFault"/> trace.</summary>
    public string FaultMarker { get; } = Path.Combine(Path.GetTempPath(), $"vectorvue-fault-{Guid.NewGuid():N}");

    protected override string[] ExtraArgs => [];

    protected override IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["VectorVue__RateLimiting__UserLimit"] = "1000000",
        ["VectorVue__RateLimiting__TenantLimit"] = "10000000",
        ["VectorVue__Ingestion__QueueHighWaterMark"] = HighWaterMark.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__ClaimIdleTime"] = ClaimIdleTime.ToString("c", CultureInfo.InvariantCulture),
        ["VectorVue__Worker__MaxDeliveries"] = MaxDeliveries.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__RetryMaxDelay"] = "00:00:02",
        ["VectorVue__Worker__TrimInterval"] = "00:00:00.200",
        ["VectorVue__Worker__BatchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__Consumers"] = Consumers.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__RedriveChunkSize"] = RedriveChunkSize.ToString(CultureInfo.InvariantCulture),
    };

    protected override IReadOnlyDictionary<string, string> WorkerSettings => new Dictionary<string, string>
    {
        ["DOTNET_STARTUP_HOOKS"] = InjectedFault.AssemblyPath,
        [InjectedFault.MarkerVariable] = FaultMarker,
    };
}

[CollectionDefinition(Name)]
public sealed class FaultAppGroup : ICollectionFixture<FaultAppFixture>
{
    public const string Name = "VectorVue fault app";
}

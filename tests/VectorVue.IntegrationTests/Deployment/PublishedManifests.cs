namespace VectorVue.IntegrationTests.Deployment;

/// <summary>The manifest published under every launch profile of the AppHost (and none), once for the tests that read it.</summary>
public sealed class PublishedManifests : IAsyncLifetime
{
    private readonly Dictionary<string, PublishedManifest> _byProfile = new(StringComparer.Ordinal);

    internal IReadOnlyCollection<PublishedManifest> All => _byProfile.Values;

    /// <summary>The one azd reads: it runs the AppHost with <c>dotnet run</c>, i.e. under the first launch profile.</summary>
    internal PublishedManifest AsAzdRunsIt => _byProfile[PublishedManifest.LaunchProfiles().Skip(1).FirstOrDefault() ?? PublishedManifest.NoProfile];

    public async Task InitializeAsync()
    {
        foreach (var profile in PublishedManifest.LaunchProfiles())
        {
            _byProfile[profile] = await PublishedManifest.PublishAsync(profile);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The test classes that read the published manifests share one publication of them.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedManifestsGroup : ICollectionFixture<PublishedManifests>
{
    public const string Name = "Published manifests";
}

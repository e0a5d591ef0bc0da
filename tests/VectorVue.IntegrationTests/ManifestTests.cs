using System.Text.Json;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>What azd deploys: PostgreSQL and Redis as containers, the three services as projects.</summary>
public sealed class ManifestTests
{
    [Fact]
    public async Task The_publish_manifest_has_containers_for_data_and_projects_for_services()
    {
        var manifestPath = Path.Combine(Path.GetTempPath(), $"vectorvue-manifest-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = await ProjectProcess.RunAsync(
                Projects.VectorVue_AppHost.ProjectPath,
                ["--publisher", "manifest", "--output-path", manifestPath],
                new Dictionary<string, string?>(),
                TimeSpan.FromMinutes(2));

            Assert.True(exitCode == 0, output);
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath));
            var resources = manifest.RootElement.GetProperty("resources");

            Assert.StartsWith("container.", TypeOf(resources, "postgres"));
            Assert.StartsWith("value.", TypeOf(resources, "vectorvue")); // the database on that server
            Assert.StartsWith("container.", TypeOf(resources, "redis"));
            Assert.StartsWith("project.", TypeOf(resources, "migrations"));
            Assert.StartsWith("project.", TypeOf(resources, "telemetry-api"));
            Assert.StartsWith("project.", TypeOf(resources, "worker"));
            Assert.Equal("parameter.v0", TypeOf(resources, "jwt-signing-key"));
            Assert.True(resources.GetProperty("jwt-signing-key").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());

            // The container runs `/bin/sh -c "<script>"`: durability options must be inside the script itself.
            var redisArgs = resources.GetProperty("redis").GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
            var script = redisArgs[redisArgs.IndexOf("-c") + 1];
            Assert.StartsWith("redis-server ", script);
            Assert.Contains("--appendonly yes", script);
            Assert.Contains("--maxmemory-policy noeviction", script);
            Assert.Equal(redisArgs.IndexOf("-c") + 2, redisArgs.Count);
        }
        finally
        {
            File.Delete(manifestPath);
        }
    }

    private static string TypeOf(JsonElement resources, string name) =>
        resources.TryGetProperty(name, out var resource)
            ? resource.GetProperty("type").GetString()!
            : throw new Xunit.Sdk.XunitException($"The manifest has no resource '{name}': {resources}");
}

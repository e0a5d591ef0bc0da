using VectorVue.DevTokens;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>
/// What azd deploys, as the AppHost publishes it under any launch profile: always the production shape (docs/deploy.md).
/// </summary>
[Collection(PublishedManifestsGroup.Name)]
public sealed class ManifestTests(PublishedManifests manifests)
{
    [Fact]
    public void Every_launch_profile_was_published()
    {
        Assert.Equal(
            PublishedManifest.LaunchProfiles().Order(StringComparer.Ordinal),
            manifests.All.Select(m => m.Profile).Order(StringComparer.Ordinal));
        Assert.Contains(manifests.All, m => m.Profile == "http"); // what `make manifest` and `make run` use: Development
    }

    [Fact]
    public void The_api_alone_has_an_external_http_endpoint()
    {
        foreach (var manifest in manifests.All)
        {
            var api = manifest.Resource("telemetry-api");
            Assert.Equal("project.v0", PublishedManifest.Type(api));
            Assert.Contains(PublishedManifest.Bindings(api), b => b.Binding.GetProperty("scheme").GetString() == "http" && External(b.Binding));

            foreach (var (name, resource) in manifest.All.Where(r => r.Name != "telemetry-api"))
            {
                Assert.False(PublishedManifest.Bindings(resource).Any(b => External(b.Binding)), $"{manifest.Profile}: '{name}' must not be reachable from outside");
            }

            Assert.Empty(PublishedManifest.Bindings(manifest.Resource("worker")));
        }
    }

    [Fact]
    public void The_services_are_projects_and_postgresql_and_redis_are_connection_strings_not_containers()
    {
        foreach (var manifest in manifests.All)
        {
            Assert.Equal(["telemetry-api", "worker"], manifest.ProjectResources.Select(p => p.Name).Order(StringComparer.Ordinal));
            // The migrator runs as the services' init container, not as an app of its own (docs/deploy.md).
            Assert.False(manifest.Resources.TryGetProperty("migrations", out _), $"{manifest.Profile}: the migrator must not be deployed as an app");

            Assert.DoesNotContain(manifest.All, r => PublishedManifest.Type(r.Resource).StartsWith("container.", StringComparison.Ordinal));
            Assert.DoesNotContain(manifest.All, r => r.Resource.TryGetProperty("volumes", out _));
            foreach (var name in ConnectionStrings)
            {
                var connection = manifest.Resource(name);
                Assert.Equal("parameter.v0", PublishedManifest.Type(connection));
                Assert.True(connection.GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean(), $"{name} must be secret");
            }
        }
    }

    [Fact]
    public void Each_service_gets_its_own_connection_strings_and_none_the_owners()
    {
        foreach (var manifest in manifests.All)
        {
            foreach (var (service, suffix) in ((string, string)[])[("telemetry-api", "api"), ("worker", "worker")])
            {
                var env = PublishedManifest.Env(manifest.Resource(service));
                Assert.Equal($"{{vectorvue-{suffix}.connectionString}}", env["ConnectionStrings__vectorvue"]);
                Assert.Equal($"{{redis-{suffix}.connectionString}}", env["ConnectionStrings__redis"]);
            }

            // The owner's (the migrator's, an init container in Azure) reaches no deployed service.
            Assert.DoesNotContain(manifest.ProjectResources.SelectMany(p => PublishedManifest.Env(p.Resource).Values),
                value => PublishedManifest.References(value).Contains("vectorvue.connectionString"));
        }
    }

    [Fact]
    public void No_demo_tenant_is_seeded_and_the_development_key_is_nowhere()
    {
        foreach (var manifest in manifests.All)
        {
            foreach (var (name, resource) in manifest.ProjectResources)
            {
                var env = PublishedManifest.Env(resource);
                Assert.False(
                    env.TryGetValue("VectorVue__Migration__SeedDemoTenant", out var seed) && seed != "false",
                    $"{manifest.Profile}: '{name}' would seed the demo tenant");
                Assert.False(env.ContainsKey("VectorVue__SeedDemoTenant"), $"{manifest.Profile}: '{name}' gets VectorVue__SeedDemoTenant");
            }

            Assert.DoesNotContain(DevSigningKey.Find()!, manifest.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("a11ce000-0000-4000-8000-000000000001", manifest.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_signing_key_is_a_secret_parameter_without_a_default()
    {
        foreach (var manifest in manifests.All)
        {
            var key = manifest.Resource("jwt-signing-key");
            Assert.Equal("parameter.v0", PublishedManifest.Type(key));
            var input = key.GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean());
            Assert.False(input.TryGetProperty("default", out _), $"{manifest.Profile}: the signing key must have no default");
            Assert.Equal("{jwt-signing-key.value}", PublishedManifest.Env(manifest.Resource("telemetry-api"))["VectorVue__Jwt__SigningKey"]);
        }
    }

    [Theory]
    [InlineData("jwt-issuer", "VectorVue__Jwt__Issuer")]
    [InlineData("jwt-audience", "VectorVue__Jwt__Audience")]
    public void The_issuer_and_audience_are_parameters_without_a_default(string parameter, string variable)
    {
        foreach (var manifest in manifests.All)
        {
            var input = manifest.Resource(parameter).GetProperty("inputs").GetProperty("value");
            Assert.False(input.TryGetProperty("default", out _), $"{manifest.Profile}: {parameter} must have no default (the development value is development's)");
            Assert.Equal($"{{{parameter}.value}}", PublishedManifest.Env(manifest.Resource("telemetry-api"))[variable]);
        }
    }

    [Fact]
    public void Every_reference_resolves_to_what_the_manifest_defines()
    {
        foreach (var manifest in manifests.All)
        {
            var strings = manifest.All.SelectMany(r => PublishedManifest.Env(r.Resource).Values
                .Concat(r.Resource.TryGetProperty("connectionString", out var cs) ? [cs.GetString()!] : [])
                .Concat(r.Resource.TryGetProperty("value", out var v) ? [v.GetString()!] : []));
            var references = strings.SelectMany(PublishedManifest.References).Distinct().ToList();

            foreach (var name in ConnectionStrings.Skip(1))
            {
                Assert.Contains($"{name}.connectionString", references);
            }

            foreach (var reference in references)
            {
                Assert.True(manifest.Resolves(reference, out var problem), $"{manifest.Profile}: {problem}");
            }
        }
    }

    /// <summary>The owner's (the migrator's), then each service's own: secret parameters in the manifest.</summary>
    private static readonly string[] ConnectionStrings = ["vectorvue", "vectorvue-api", "vectorvue-worker", "redis-api", "redis-worker"];

    private static bool External(System.Text.Json.JsonElement binding) =>
        binding.TryGetProperty("external", out var external) && external.GetBoolean();
}

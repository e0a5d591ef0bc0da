using System.Text.RegularExpressions;
using VectorVue.Contracts;
using YamlDotNet.RepresentationModel;
using static VectorVue.IntegrationTests.Deployment.ContainerAppTemplate;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>
/// The container-app templates azd deploys stay in step with the manifest the AppHost publishes, with what
/// infra/ creates and with the code: every variable the manifest gives a service, secrets as secrets, the
/// values and Key Vault secrets they read exist, and the worker scales on the stream and group the code uses.
/// </summary>
[Collection(PublishedManifestsGroup.Name)]
public sealed partial class ContainerAppTemplateTests(PublishedManifests manifests)
{
    /// <summary>Values azd itself puts in every environment, besides the outputs of infra/main.bicep.</summary>
    private static readonly string[] AzdProvidedValues = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP"];

    [Fact]
    public void Every_service_in_the_manifest_has_its_own_template()
    {
        var services = manifests.AsAzdRunsIt.ProjectResources.Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var templates = Directory.GetFiles(DeploymentFiles.ContainerAppTemplates, "*.tmpl.yaml")
            .Select(f => Path.GetFileName(f)[..^".tmpl.yaml".Length]).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(services, templates);
    }

    [Theory]
    [InlineData("telemetry-api")]
    [InlineData("worker")]
    public void The_template_gives_the_service_everything_the_manifest_says_it_needs(string service)
    {
        foreach (var manifest in manifests.All)
        {
            var template = Load(service);
            var env = Env(template.Container(service));
            foreach (var (name, value) in PublishedManifest.Env(manifest.Resource(service)))
            {
                Assert.True(env.TryGetValue(name, out var given), $"{service}.tmpl.yaml does not set {name} (manifest, {manifest.Profile}: '{value}')");
                if (IsSecret(manifest, name, value))
                {
                    Assert.True(given.SecretRef is not null, $"{service}: {name} is a secret in the manifest and must be a secretRef, not a value");
                }
                else if (!value.Contains('{', StringComparison.Ordinal))
                {
                    Assert.Equal(value, given.Value);
                }
            }
        }
    }

    [Theory]
    [InlineData("telemetry-api")]
    [InlineData("worker")]
    public void Every_secret_is_a_key_vault_reference_that_infra_writes(string service)
    {
        var template = Load(service);
        var written = KeyVaultSecretsWrittenByInfra();

        foreach (var (name, url) in template.Secrets)
        {
            Assert.True(url is not null, $"{service}: secret '{name}' must be a Key Vault reference, never a value in a file");
            var secret = url![(url.LastIndexOf('/') + 1)..];
            Assert.Equal("env.AZURE_KEY_VAULT_ENDPOINT" + "secrets/" + secret, url);
            Assert.Contains(secret, written);
        }

        var containers = template.InitContainers.Append(template.Container(service));
        foreach (var reference in containers.SelectMany(c => Env(c).Values).Select(e => e.SecretRef).OfType<string>())
        {
            Assert.True(template.Secrets.ContainsKey(reference), $"{service}: secretRef '{reference}' names no secret of the app");
        }
    }

    [Theory]
    [InlineData("telemetry-api")]
    [InlineData("worker")]
    public void The_template_reads_only_values_infra_outputs_and_parameters_the_apphost_declares(string service)
    {
        var template = Load(service);
        var outputs = MainBicepOutputs();

        foreach (var value in template.EnvironmentValues)
        {
            Assert.True(outputs.Contains(value) || AzdProvidedValues.Contains(value), $"{service}: {{{{ .Env.{value} }}}} is not an output of infra/main.bicep");
        }

        var manifest = manifests.AsAzdRunsIt;
        foreach (var (parameter, defaultValue) in template.Parameters)
        {
            // azd maps a manifest parameter "api-min-replicas" to "api_min_replicas" (and AZURE_API_MIN_REPLICAS).
            var declared = manifest.Resource(parameter.Replace('_', '-'));
            Assert.Equal(defaultValue, declared.GetProperty("inputs").GetProperty("value").GetProperty("default").GetProperty("value").GetString());
        }
    }

    [Fact]
    public void Only_the_api_has_ingress_and_it_is_external_https()
    {
        var api = Load("telemetry-api").Ingress;
        Assert.NotNull(api);
        Assert.Equal("true", ScalarOf(api, "external"));
        Assert.Equal("false", ScalarOf(api, "allowInsecure"));

        Assert.Null(Load("worker").Ingress);
    }

    [Theory]
    [InlineData("telemetry-api")]
    [InlineData("worker")]
    public void The_migrator_runs_first_as_an_init_container_of_the_service_image(string service)
    {
        var template = Load(service);
        var init = Assert.Single(template.InitContainers);

        Assert.Equal(RenderedImage, ScalarOf(init, "image"));
        Assert.Equal(["dotnet", MigratorInImage, "--contentRoot", "/app/migrator"], Strings(init, "command").Concat(Strings(init, "args")));
    }

    [Theory]
    [InlineData("telemetry-api", "vectorvue-api")]
    [InlineData("worker", "vectorvue-worker")]
    public void The_service_connects_as_its_own_role_which_its_migrator_keeps_as_the_owner(string service, string role)
    {
        var template = Load(service);
        var container = Env(template.Container(service));
        var init = Env(Assert.Single(template.InitContainers));

        // The service: its own role's connection string (as the manifest names it), never the owner's.
        var manifestReference = PublishedManifest.References(PublishedManifest.Env(manifests.AsAzdRunsIt.Resource(service))["ConnectionStrings__vectorvue"]);
        Assert.Equal([$"{role}.connectionString"], manifestReference);
        Assert.Equal($"connectionstrings--{role}", container["ConnectionStrings__vectorvue"].SecretRef);
        Assert.DoesNotContain("connectionstrings--vectorvue", container.Values.Select(e => e.SecretRef));

        // The migrator: the owner's, and this service's role to create (the same secret the service connects with), and no other service's.
        Assert.Equal("connectionstrings--vectorvue", init["ConnectionStrings__vectorvue"].SecretRef);
        Assert.Equal(container["ConnectionStrings__vectorvue"].SecretRef, init[$"ConnectionStrings__{role}"].SecretRef);
        Assert.Equal(
            ["ConnectionStrings__vectorvue", $"ConnectionStrings__{role}"],
            init.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Order(StringComparer.Ordinal));

        // Redis: Azure Managed Redis gives both services the one access key (no ACL users on access keys; docs/deploy.md).
        Assert.Equal("connectionstrings--redis", container["ConnectionStrings__redis"].SecretRef);
    }

    [Fact]
    public void Replicas_are_parameters_and_the_api_scales_on_http_concurrency()
    {
        foreach (var service in (string[])["telemetry-api", "worker"])
        {
            var template = Load(service);
            var prefix = service == "telemetry-api" ? "api" : "worker";
            Assert.Equal(template.Parameters[$"{prefix}_min_replicas"], ScalarOf(template.Scale, "minReplicas"));
            Assert.Equal(template.Parameters[$"{prefix}_max_replicas"], ScalarOf(template.Scale, "maxReplicas"));
        }

        var http = Map(Assert.Single(Load("telemetry-api").ScaleRules), "http");
        Assert.True(int.Parse(ScalarOf(Map(http, "metadata"), "concurrentRequests"), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void The_worker_scales_on_the_lag_of_the_stream_and_group_the_code_uses()
    {
        var template = Load("worker");
        var rule = Map(Assert.Single(template.ScaleRules), "custom");
        var metadata = Map(rule, "metadata");
        var code = new EventStreamOptions();

        Assert.Equal("redis-streams", ScalarOf(rule, "type"));
        Assert.Equal(code.StreamKey, ScalarOf(metadata, "stream"));
        Assert.Equal(code.ConsumerGroup, ScalarOf(metadata, "consumerGroup"));
        Assert.True(int.Parse(ScalarOf(metadata, "lagCount"), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("env.REDIS_ADDRESS", ScalarOf(metadata, "address"));
        Assert.Equal("true", ScalarOf(metadata, "enableTLS"));
        var auth = (YamlMappingNode)Assert.Single(Sequence(rule, "auth"));
        Assert.Equal("password", ScalarOf(auth, "triggerParameter"));
        Assert.True(template.Secrets.ContainsKey(ScalarOf(auth, "secretRef")));

        // Neither service is told another stream or group than the defaults the rule names.
        foreach (var service in (string[])["telemetry-api", "worker"])
        {
            Assert.DoesNotContain(Env(Load(service).Container(service)).Keys, key => key.StartsWith("VectorVue__Stream__", StringComparison.Ordinal));
            foreach (var manifest in manifests.All)
            {
                Assert.DoesNotContain(PublishedManifest.Env(manifest.Resource(service)).Keys, key => key.StartsWith("VectorVue__Stream__", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Probes_use_the_container_port_and_liveness_never_runs_dependency_checks()
    {
        foreach (var service in (string[])["telemetry-api", "worker"])
        {
            var probes = Sequence(Load(service).Container(service), "probes").Cast<YamlMappingNode>().ToList();
            Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Select(p => ScalarOf(p, "type")).Order(StringComparer.Ordinal));
            foreach (var probe in probes)
            {
                var get = Map(probe, "httpGet");
                Assert.Equal(ContainerImageTests.ServicePort.ToString(System.Globalization.CultureInfo.InvariantCulture), ScalarOf(get, "port"));
                if (ScalarOf(probe, "type") == "Liveness")
                {
                    Assert.Equal("/alive", ScalarOf(get, "path"));
                }
            }
        }
    }

    /// <summary>Where <c>src/ServiceImage.targets</c> puts the migrator in a service image.</summary>
    internal const string MigratorInImage = "/app/migrator/VectorVue.MigrationService.dll";

    private static bool IsSecret(PublishedManifest manifest, string name, string value) =>
        name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
        || PublishedManifest.References(value).Any(reference =>
            reference.EndsWith(".connectionString", StringComparison.Ordinal)
            || (manifest.Resources.TryGetProperty(reference.Split('.')[0], out var target)
                && target.TryGetProperty("inputs", out var inputs)
                && inputs.EnumerateObject().Any(i => i.Value.TryGetProperty("secret", out var secret) && secret.GetBoolean())));

    private static IEnumerable<string> Strings(YamlMappingNode node, string key) =>
        Sequence(node, key).Cast<YamlScalarNode>().Select(s => s.Value!);

    private static HashSet<string> MainBicepOutputs() =>
        [.. OutputPattern().Matches(File.ReadAllText(Path.Combine(DeploymentFiles.Infra, "main.bicep"))).Select(m => m.Groups[1].Value)];

    /// <summary>The names of the Key Vault secrets (<c>Microsoft.KeyVault/vaults/secrets</c>) the Bicep files declare.</summary>
    private static HashSet<string> KeyVaultSecretsWrittenByInfra() =>
        [.. DeploymentFiles.BicepFiles.SelectMany(f => SecretResourcePattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))];

    [GeneratedRegex(@"^output ([A-Z0-9_]+) ", RegexOptions.Multiline)]
    private static partial Regex OutputPattern();

    [GeneratedRegex(@"'Microsoft\.KeyVault/vaults/secrets@[^']+' = \{\s*parent: \w+\s*name: '([a-z0-9-]+)'")]
    private static partial Regex SecretResourcePattern();
}

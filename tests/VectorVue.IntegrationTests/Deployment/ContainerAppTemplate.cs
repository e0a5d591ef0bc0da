using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>
/// A container-app template (<c>src/VectorVue.AppHost/infra/&lt;service&gt;.tmpl.yaml</c>) rendered the way azd renders
/// it at deploy time (Go text/template over the azd environment), then read as YAML. Rendering accepts only what azd
/// provides to these templates (<c>service_target_dotnet_containerapp.go</c>: <c>.Env</c>, <c>.Image</c>,
/// <c>targetPortOrDefault</c>, <c>parameterWithDefault</c>, …) and records which environment values and parameters
/// the template needs.
/// </summary>
internal sealed partial class ContainerAppTemplate
{
    public const string RenderedImage = "registry.test/vectorvue/service:azd-deploy-1";

    private ContainerAppTemplate(string service, YamlMappingNode root, IReadOnlySet<string> envNames, IReadOnlyDictionary<string, string> parameters)
    {
        Service = service;
        Root = root;
        EnvironmentValues = envNames;
        Parameters = parameters;
    }

    public string Service { get; }

    public YamlMappingNode Root { get; }

    /// <summary>The azd environment values (<c>{{ .Env.NAME }}</c>) the template reads.</summary>
    public IReadOnlySet<string> EnvironmentValues { get; }

    /// <summary>The parameters (<c>parameterWithDefault "name" "default"</c>) the template reads, with their defaults.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public static ContainerAppTemplate Load(string service)
    {
        var path = DeploymentFiles.TemplateOf(service);
        Assert.True(File.Exists(path), $"azd would generate the template of '{service}' instead of using {path}: it does not exist");

        var envNames = new HashSet<string>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var rendered = ActionPattern().Replace(File.ReadAllText(path), match =>
        {
            var action = match.Groups[1].Value;
            if (EnvPattern().Match(action) is { Success: true } env)
            {
                envNames.Add(env.Groups[1].Value);
                return "env." + env.Groups[1].Value;
            }

            if (action == ".Image")
            {
                return RenderedImage;
            }

            if (TargetPortPattern().Match(action) is { Success: true } port)
            {
                return port.Groups[1].Value;
            }

            if (ParameterPattern().Match(action) is { Success: true } parameter)
            {
                parameters[parameter.Groups[1].Value] = parameter.Groups[2].Value;
                return parameter.Groups[2].Value;
            }

            throw new Xunit.Sdk.XunitException($"{path}: '{{{{ {action} }}}}' is not something azd renders in a container-app template");
        });

        var yaml = new YamlStream();
        yaml.Load(new StringReader(rendered));
        return new ContainerAppTemplate(service, (YamlMappingNode)yaml.Documents[0].RootNode, envNames, parameters);
    }

    public YamlMappingNode Properties => Map(Root, "properties");

    public YamlMappingNode Configuration => Map(Properties, "configuration");

    public YamlMappingNode Template => Map(Properties, "template");

    public YamlMappingNode? Ingress => TryMap(Configuration, "ingress");

    /// <summary>Container-app secrets: name → Key Vault URL (null for a secret with an inline value).</summary>
    public IReadOnlyDictionary<string, string?> Secrets =>
        Sequence(Configuration, "secrets").Cast<YamlMappingNode>()
            .ToDictionary(s => ScalarOf(s, "name"), s => TryScalar(s, "keyVaultUrl"), StringComparer.Ordinal);

    public YamlMappingNode Container(string name) =>
        Sequence(Template, "containers").Cast<YamlMappingNode>().SingleOrDefault(c => ScalarOf(c, "name") == name)
        ?? throw new Xunit.Sdk.XunitException($"{Service}.tmpl.yaml has no container named '{name}'");

    public IReadOnlyList<YamlMappingNode> InitContainers =>
        Template.Children.ContainsKey(new YamlScalarNode("initContainers"))
            ? Sequence(Template, "initContainers").Cast<YamlMappingNode>().ToList()
            : [];

    public YamlMappingNode Scale => Map(Template, "scale");

    public IReadOnlyList<YamlMappingNode> ScaleRules => Sequence(Scale, "rules").Cast<YamlMappingNode>().ToList();

    /// <summary>A container's environment: name → (literal value, or the secret it refers to).</summary>
    public static IReadOnlyDictionary<string, (string? Value, string? SecretRef)> Env(YamlMappingNode container) =>
        Sequence(container, "env").Cast<YamlMappingNode>()
            .ToDictionary(e => ScalarOf(e, "name"), e => (TryScalar(e, "value"), TryScalar(e, "secretRef")), StringComparer.Ordinal);

    public static YamlMappingNode Map(YamlMappingNode node, string key) =>
        TryMap(node, key) ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing or not a mapping");

    public static YamlMappingNode? TryMap(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    public static YamlSequenceNode Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlSequenceNode sequence
            ? sequence
            : throw new Xunit.Sdk.XunitException($"'{key}' is missing or not a sequence");

    public static string ScalarOf(YamlMappingNode node, string key) =>
        TryScalar(node, key) ?? throw new Xunit.Sdk.XunitException($"'{key}' is missing or not a scalar");

    public static string? TryScalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) && child is YamlScalarNode scalar ? scalar.Value : null;

    [GeneratedRegex(@"\{\{\s*(.+?)\s*\}\}")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"^\.Env\.([A-Z0-9_]+)$")]
    private static partial Regex EnvPattern();

    [GeneratedRegex(@"^targetPortOrDefault (\d+)$")]
    private static partial Regex TargetPortPattern();

    [GeneratedRegex("^parameterWithDefault \"([a-z0-9_]+)\" \"([^\"]*)\"$")]
    private static partial Regex ParameterPattern();
}

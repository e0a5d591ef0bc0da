using System.Text.Json;
using System.Text.RegularExpressions;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>
/// The manifest the AppHost publishes for azd (<c>--publisher manifest</c>), under a given launch profile: azd runs
/// the AppHost with <c>dotnet run</c>, which applies the first profile of launchSettings.json.
/// </summary>
internal sealed partial class PublishedManifest
{
    /// <summary>No launch profile: the AppHost's default (Production) environment.</summary>
    public const string NoProfile = "(none)";

    private PublishedManifest(string profile, string text)
    {
        Profile = profile;
        Text = text;
        Resources = JsonDocument.Parse(text).RootElement.GetProperty("resources").Clone();
    }

    public string Profile { get; }

    /// <summary>The manifest as written.</summary>
    public string Text { get; }

    public JsonElement Resources { get; }

    public IEnumerable<(string Name, JsonElement Resource)> All =>
        Resources.EnumerateObject().Select(p => (p.Name, p.Value));

    public IEnumerable<(string Name, JsonElement Resource)> ProjectResources =>
        All.Where(r => Type(r.Resource).StartsWith("project.", StringComparison.Ordinal));

    public static IReadOnlyList<string> LaunchProfiles()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(DeploymentFiles.AppHostLaunchSettings));
        return [NoProfile, .. settings.RootElement.GetProperty("profiles").EnumerateObject().Select(p => p.Name)];
    }

    public static async Task<PublishedManifest> PublishAsync(string profile)
    {
        var environment = new Dictionary<string, string?>
        {
            // The machine's own environment must not decide the shape either.
            ["DOTNET_ENVIRONMENT"] = null,
            ["ASPNETCORE_ENVIRONMENT"] = null,
        };
        if (profile != NoProfile)
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(DeploymentFiles.AppHostLaunchSettings));
            var variables = settings.RootElement.GetProperty("profiles").GetProperty(profile);
            if (variables.TryGetProperty("environmentVariables", out var values))
            {
                foreach (var variable in values.EnumerateObject())
                {
                    environment[variable.Name] = variable.Value.GetString();
                }
            }
        }

        var path = Path.Combine(Path.GetTempPath(), $"vectorvue-manifest-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, output) = await ProjectProcess.RunAsync(
                Projects.VectorVue_AppHost.ProjectPath, ["--publisher", "manifest", "--output-path", path], environment, TestTimeouts.Process);
            Assert.True(exitCode == 0, $"publishing the manifest under profile {profile} failed:\n{output}");
            return new PublishedManifest(profile, await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public JsonElement Resource(string name) =>
        Resources.TryGetProperty(name, out var resource)
            ? resource
            : throw new Xunit.Sdk.XunitException($"The manifest ({Profile}) has no resource '{name}': {Resources}");

    public static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;

    public static IReadOnlyDictionary<string, string> Env(JsonElement resource) =>
        resource.TryGetProperty("env", out var env)
            ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static IEnumerable<(string Name, JsonElement Binding)> Bindings(JsonElement resource) =>
        resource.TryGetProperty("bindings", out var bindings) ? bindings.EnumerateObject().Select(p => (p.Name, p.Value)) : [];

    /// <summary>The <c>{resource.property…}</c> references in a manifest string.</summary>
    public static IEnumerable<string> References(string value) => ReferencePattern().Matches(value).Select(m => m.Groups[1].Value);

    /// <summary>
    /// Whether a reference names something the manifest defines, following connection strings and values to the
    /// parameters they are made of; <paramref name="problem"/> says what is missing.
    /// </summary>
    public bool Resolves(string reference, out string problem, int depth = 0)
    {
        problem = string.Empty;
        if (depth > 10)
        {
            problem = $"'{reference}' refers to itself";
            return false;
        }

        var parts = reference.Split('.');
        if (!Resources.TryGetProperty(parts[0], out var target))
        {
            problem = $"'{reference}': no resource '{parts[0]}'";
            return false;
        }

        string? text = parts.Length switch
        {
            2 when parts[1] == "connectionString" => target.TryGetProperty("connectionString", out var cs) ? cs.GetString() : null,
            2 when parts[1] == "value" => target.TryGetProperty("value", out var v) ? v.GetString() : null,
            3 when parts[1] == "inputs" => target.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty(parts[2], out _) ? string.Empty : null,
            4 when parts[1] == "bindings" => Bindings(target).Any(b => b.Name == parts[2]) ? string.Empty : null,
            _ => null,
        };
        if (text is null)
        {
            problem = $"'{reference}': resource '{parts[0]}' ({Type(target)}) has no such property";
            return false;
        }

        foreach (var inner in References(text))
        {
            if (!Resolves(inner, out problem, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\{([A-Za-z0-9\-_]+(?:\.[A-Za-z0-9\-_]+)+)\}")]
    private static partial Regex ReferencePattern();
}

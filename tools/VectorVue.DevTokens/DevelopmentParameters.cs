using System.Text.Json;

namespace VectorVue.DevTokens;

/// <summary>
/// The AppHost's development parameters (<c>Parameters</c> in <c>src/VectorVue.AppHost/appsettings.Development.json</c>,
/// found by walking up from the current directory to the repository root), each overridable by an environment variable.
/// </summary>
public static class DevelopmentParameters
{
    public const string SettingsPath = "src/VectorVue.AppHost/appsettings.Development.json";

    /// <returns>The environment variable when set, else the parameter, else null.</returns>
    public static string? Find(string parameter, string environmentVariable) =>
        Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } value ? value : Read(parameter);

    private static string? Read(string parameter)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var settings = Path.Combine(dir.FullName, SettingsPath);
            if (File.Exists(settings))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(settings));
                return json.RootElement.TryGetProperty("Parameters", out var parameters)
                    && parameters.TryGetProperty(parameter, out var value) ? value.GetString() : null;
            }
        }

        return null;
    }
}

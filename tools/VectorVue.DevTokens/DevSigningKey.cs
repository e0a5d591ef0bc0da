using System.Text.Json;

namespace VectorVue.DevTokens;

/// <summary>
/// The development signing key: <c>VECTORVUE_JWT_SIGNING_KEY</c>, else the AppHost's development parameter
/// <c>jwt-signing-key</c> (found by walking up from the current directory to the repository root).
/// </summary>
public static class DevSigningKey
{
    public const string EnvironmentVariable = "VECTORVUE_JWT_SIGNING_KEY";

    public static string? Find() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } key ? key : ReadDevelopmentSettings();

    private static string? ReadDevelopmentSettings()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var settings = Path.Combine(dir.FullName, "src", "VectorVue.AppHost", "appsettings.Development.json");
            if (File.Exists(settings))
            {
                using var json = JsonDocument.Parse(File.ReadAllText(settings));
                return json.RootElement.TryGetProperty("Parameters", out var parameters)
                    && parameters.TryGetProperty("jwt-signing-key", out var value) ? value.GetString() : null;
            }
        }

        return null;
    }
}

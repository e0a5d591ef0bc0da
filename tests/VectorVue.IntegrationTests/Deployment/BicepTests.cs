using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>
/// Every Bicep file azd provisions builds and lints clean with the Bicep CLI (from NuGet: no Azure, no network).
/// A warning fails the test: fix it, or suppress it in the file with a `#disable-next-line` and a reason.
/// </summary>
public sealed class BicepTests
{
    private static readonly TimeSpan BicepTimeout = TestTimeouts.Process;

    public static TheoryData<string> BicepFiles() =>
        [.. DeploymentFiles.BicepFiles.Select(f => Path.GetRelativePath(DeploymentFiles.Root, f))];

    [Fact]
    public void Infra_holds_the_entry_point_azd_provisions_and_its_parameters()
    {
        Assert.Contains(Path.Combine(DeploymentFiles.Infra, "main.bicep"), DeploymentFiles.BicepFiles);
        Assert.True(File.Exists(Path.Combine(DeploymentFiles.Infra, "main.parameters.json")));
    }

    [Fact]
    public void Every_parameter_of_main_without_a_default_is_given_by_the_parameters_file()
    {
        var main = File.ReadAllText(Path.Combine(DeploymentFiles.Infra, "main.bicep"));
        using var parameters = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(DeploymentFiles.Infra, "main.parameters.json")));
        var given = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var required = System.Text.RegularExpressions.Regex.Matches(main, @"^param (\w+) \w+\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("postgres_api_password", required);
        Assert.Contains("postgres_worker_password", required);
        Assert.All(required, name => Assert.True(given.Contains(name), $"main.parameters.json does not give '{name}': azd would fail or prompt for it"));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Builds_without_a_warning(string file)
    {
        var (exitCode, output) = await BicepAsync("build", file, "--stdout");

        Assert.True(exitCode == 0, output);
        AssertNoDiagnostics(output);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lints_clean(string file)
    {
        var (exitCode, output) = await BicepAsync("lint", file);

        Assert.True(exitCode == 0, output);
        AssertNoDiagnostics(output);
    }

    private static void AssertNoDiagnostics(string output)
    {
        var diagnostics = output.Split('\n').Where(line => line.Contains(": Warning ", StringComparison.Ordinal)
            || line.Contains(": Error ", StringComparison.Ordinal) || line.Contains(": Info ", StringComparison.Ordinal)).ToList();
        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
    }

    private static Task<(int ExitCode, string Output)> BicepAsync(string verb, string file, params string[] extra)
    {
        Assert.True(File.Exists(DeploymentFiles.BicepCli), $"The Bicep CLI was not restored to {DeploymentFiles.BicepCli}");
        Assert.True(OperatingSystem.IsLinux(), "the Bicep CLI package these tests restore is the linux-x64 one");
        if (OperatingSystem.IsLinux())
        {
            EnsureExecutable(DeploymentFiles.BicepCli);
        }

        return ProjectProcess.RunCommandAsync(
            DeploymentFiles.BicepCli,
            [verb, Path.Combine(DeploymentFiles.Root, file), .. extra],
            new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" },
            BicepTimeout);
    }

    /// <summary>NuGet does not always keep the executable bit of a file in a package.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void EnsureExecutable(string path)
    {
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }
    }
}

using System.Text.Json;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>
/// Each deployed service can be published as a container the way azd does it (`dotnet publish /t:PublishContainer`,
/// no Dockerfile) — checked without building an image, since base images cannot be pulled here: SDK container
/// support on, a non-root user, the port the templates use, and the migrator bundled for the init container.
/// </summary>
public sealed class ContainerImageTests
{
    /// <summary>The port the services listen on in their containers and the templates route to.</summary>
    internal const int ServicePort = 8080;

    private static readonly TimeSpan MsBuildTimeout = TestTimeouts.Process;

    public static TheoryData<string> Services() => ["telemetry-api", "worker"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_service_publishes_as_a_container_running_as_a_non_root_user_on_the_templates_port(string service)
    {
        var (exitCode, output) = await ProjectProcess.RunCommandAsync(
            "dotnet",
            ["msbuild", ProjectOf(service), "-getProperty:EnableSdkContainerSupport", "-getProperty:IsPublishable",
             "-getProperty:ContainerUser", "-getProperty:OutputType", "-getItem:ContainerPort", "-nologo"],
            new Dictionary<string, string?>(),
            MsBuildTimeout);
        Assert.True(exitCode == 0, output);

        using var evaluation = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        var properties = evaluation.RootElement.GetProperty("Properties");
        Assert.Equal("true", properties.GetProperty("EnableSdkContainerSupport").GetString(), ignoreCase: true);
        Assert.NotEqual("false", properties.GetProperty("IsPublishable").GetString()?.ToLowerInvariant());
        Assert.Equal("Exe", properties.GetProperty("OutputType").GetString());

        var user = properties.GetProperty("ContainerUser").GetString();
        Assert.False(string.IsNullOrWhiteSpace(user), "ContainerUser must be set explicitly");
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);

        var port = Assert.Single(evaluation.RootElement.GetProperty("Items").GetProperty("ContainerPort").EnumerateArray());
        Assert.Equal(ServicePort.ToString(System.Globalization.CultureInfo.InvariantCulture), port.GetProperty("Identity").GetString());
        Assert.Equal("tcp", port.GetProperty("Type").GetString());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_published_service_carries_the_migrator_its_init_container_starts(string service)
    {
        var output = Path.Combine(Path.GetTempPath(), $"vectorvue-publish-{service}-{Guid.NewGuid():N}");
        try
        {
            var published = await BundledMigrator.PublishAsync(ProjectOf(service), output);

            var migrator = Path.Combine(published, ContainerAppTemplateTests.MigratorInImage["/app/".Length..]);
            Assert.True(File.Exists(migrator), $"{migrator} is missing");
            Assert.True(File.Exists(Path.ChangeExtension(migrator, ".runtimeconfig.json")), "the migrator cannot start without its runtimeconfig");
            Assert.True(File.Exists(Path.ChangeExtension(migrator, ".deps.json")));
            // The migrator's own output went into its folder, not over the service's.
            Assert.True(File.Exists(Path.Combine(published, ServiceAssembly(service))));
            Assert.False(File.Exists(Path.Combine(published, "VectorVue.MigrationService.dll")));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static string ServiceAssembly(string service) => service == "telemetry-api" ? "VectorVue.TelemetryApi.dll" : "VectorVue.Worker.dll";

    internal static string ProjectOf(string service) => service switch
    {
        "telemetry-api" => new Projects.VectorVue_TelemetryApi().ProjectPath,
        "worker" => new Projects.VectorVue_Worker().ProjectPath,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a deployed service"),
    };
}

/// <summary>Publishes a service (already built) as azd would put it in an image, and runs the migrator bundled in it.</summary>
internal static class BundledMigrator
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(3);

    public static async Task<string> PublishAsync(string project, string outputDirectory)
    {
        var (exitCode, output) = await ProjectProcess.PublishAsync(project, outputDirectory, PublishTimeout);
        Assert.True(exitCode == 0, output);
        return outputDirectory;
    }

    /// <summary>Starts the bundled migrator as the init container does: <c>dotnet /app/migrator/…dll --contentRoot /app/migrator</c>.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string published, string connectionString, TimeSpan timeout)
    {
        var folder = Path.Combine(published, "migrator");
        return ProjectProcess.RunCommandAsync(
            "dotnet",
            [Path.Combine(folder, "VectorVue.MigrationService.dll"), "--contentRoot", folder],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__vectorvue"] = connectionString,
                ["DOTNET_ENVIRONMENT"] = "Production",
            },
            timeout);
    }
}

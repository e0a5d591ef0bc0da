using System.Reflection;

namespace VectorVue.IntegrationTests.Deployment;

/// <summary>Where the deployment's files are: azure.yaml, infra/ (Bicep), the AppHost's infra/ (container-app templates).</summary>
internal static class DeploymentFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>What azd provisions: <c>infra/main.bicep</c> and its modules.</summary>
    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>Where azd looks for <c>&lt;service&gt;.tmpl.yaml</c>: an infra/ folder next to the AppHost project.</summary>
    public static string ContainerAppTemplates => Path.Combine(Root, "src", "VectorVue.AppHost", "infra");

    public static string AppHostLaunchSettings => Path.Combine(Root, "src", "VectorVue.AppHost", "Properties", "launchSettings.json");

    public static string TemplateOf(string service) => Path.Combine(ContainerAppTemplates, $"{service}.tmpl.yaml");

    public static IReadOnlyList<string> BicepFiles =>
        Directory.GetFiles(Infra, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>The Bicep CLI restored from NuGet by this project's PackageDownload.</summary>
    public static string BicepCli { get; } =
        typeof(DeploymentFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "azure.yaml")) && File.Exists(Path.Combine(dir.FullName, "VectorVue.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (azure.yaml next to VectorVue.sln) was not found above " + AppContext.BaseDirectory);
    }
}

namespace VectorVue.AppHost;

/// <summary>
/// What the publish manifest (what azd deploys) says beyond the services themselves. Publishing always describes
/// the production deployment, whatever launch profile or environment ran the AppHost (azd runs it with
/// <c>dotnet run</c>, which applies the Development launch profile): docs/deploy.md.
/// </summary>
internal static class AzureDeployment
{
    /// <summary>
    /// The replica bounds of the two scaled services, as parameters with defaults: azd resolves them when it
    /// deploys the container-app templates (<c>parameterWithDefault</c> in <c>infra/*.tmpl.yaml</c>), and
    /// <c>azd env set AZURE_API_MAX_REPLICAS 8</c> changes one.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, int Default)> ScalingParameters =
    [
        ("api-min-replicas", 1),
        ("api-max-replicas", 5),
        ("worker-min-replicas", 1),
        ("worker-max-replicas", 4),
    ];

    public static void AddScalingParameters(this IDistributedApplicationBuilder builder)
    {
        foreach (var (name, defaultValue) in ScalingParameters)
        {
            builder.AddParameter(name, defaultValue.ToString(System.Globalization.CultureInfo.InvariantCulture), publishValueAsDefault: true);
        }
    }

    /// <summary>Leaves the resource's endpoints out of the manifest, so azd gives its container app no ingress.</summary>
    public static IResourceBuilder<ProjectResource> WithoutPublishedEndpoints(this IResourceBuilder<ProjectResource> project)
    {
        foreach (var endpoint in project.Resource.Annotations.OfType<EndpointAnnotation>().ToList())
        {
            project.Resource.Annotations.Remove(endpoint);
        }

        return project;
    }
}

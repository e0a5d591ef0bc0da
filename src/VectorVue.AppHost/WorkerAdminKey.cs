using VectorVue.AppHost.Infrastructure;
using VectorVue.AppHost.Infrastructure.Local;

namespace VectorVue.AppHost;

/// <summary>
/// The key the worker's admin endpoints require when running (the worker's <c>VectorVue:Admin:Key</c>), a secret
/// parameter: <c>Parameters:worker-admin-key</c> when configured, else generated once per local data directory into
/// <c>worker-admin.key</c> (mode 600), where <c>make redrive</c> reads it. Never published: in Azure the worker has
/// no ingress, so no key, and its admin endpoints refuse everything (docs/deploy.md, "Known gaps").
/// </summary>
internal static class WorkerAdminKey
{
    public const string ParameterName = "worker-admin-key";
    public const string FileName = "worker-admin.key";

    public static IResourceBuilder<ParameterResource> AddWorkerAdminKey(this IDistributedApplicationBuilder builder, VectorVueHostOptions options)
    {
        if (!string.IsNullOrEmpty(builder.Configuration[$"Parameters:{ParameterName}"]))
        {
            return builder.AddParameter(ParameterName, secret: true);
        }

        var dataDirectory = LocalInfrastructureExtensions.ResolveDataDirectory(builder, options.Local.DataDirectory);
        return builder.AddParameter(ParameterName, LocalSecrets.GetOrCreate(dataDirectory, FileName), secret: true);
    }
}

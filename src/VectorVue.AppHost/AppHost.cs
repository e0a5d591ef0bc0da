using Microsoft.Extensions.Configuration;
using VectorVue.AppHost;
using VectorVue.AppHost.Infrastructure;
using VectorVue.AppHost.Infrastructure.Local;

var builder = DistributedApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(VectorVueHostOptions.SectionName).Get<VectorVueHostOptions>()
    ?? new VectorVueHostOptions();
var publishing = builder.ExecutionContext.IsPublishMode;

// Infrastructure: containers, the machine's own servers, or external connection strings (docs/architecture.md).
var infrastructure = builder.AddVectorVueInfrastructure(options);

// The portal signs its tokens with this key (HS256, at least 32 bytes), as this issuer, for this audience.
var jwtSigningKey = builder.AddParameter("jwt-signing-key", secret: true);
var jwtIssuer = builder.AddParameter("jwt-issuer");
var jwtAudience = builder.AddParameter("jwt-audience");

// Schema first: the services start only once the migrator has finished successfully. In Azure the migrator is not
// an app of its own (one that exits is restarted forever there): it runs as the init container of every API and
// worker revision, bundled into their images (docs/deploy.md, "The migrator").
var migrations = builder.AddProject<Projects.VectorVue_MigrationService>("migrations")
    .WithDatabase(infrastructure)
    .WithServiceRoles(infrastructure)
    .WithEnvironment("VectorVue__Migration__SeedDemoTenant", options.SeedDemoTenant && !publishing ? "true" : "false");
if (publishing)
{
    migrations.ExcludeFromManifest();
}

var api = builder.AddProject<Projects.VectorVue_TelemetryApi>("telemetry-api")
    .WithDatabase(infrastructure.Api)
    .WithRedis(infrastructure.Api)
    .WaitForCompletion(migrations)
    .WithEnvironment("VectorVue__Jwt__SigningKey", jwtSigningKey)
    .WithEnvironment("VectorVue__Jwt__Issuer", jwtIssuer)
    .WithEnvironment("VectorVue__Jwt__Audience", jwtAudience)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

if (options.ApiReplicas > 1)
{
    api.WithReplicas(options.ApiReplicas);
}

if (builder.ExecutionContext.IsRunMode)
{
    // A fixed, documented local URL; 0 lets Aspire choose (the tests run several apps side by side). In local mode a
    // single API process is served without DCP's proxy, so a request reaches Kestrel directly (LocalPorts chooses a
    // free port for 0); several replicas keep the proxy, which is what spreads requests over them.
    api.WithEndpoint("http", endpoint =>
    {
        if (infrastructure.Mode == InfrastructureMode.Local && options.ApiReplicas <= 1)
        {
            endpoint.Port = endpoint.TargetPort = LocalPorts.Resolve(options.ApiPort);
            endpoint.IsProxied = false;
        }
        else
        {
            endpoint.Port = options.ApiPort == 0 ? null : options.ApiPort;
        }
    });
}

var worker = builder.AddProject<Projects.VectorVue_Worker>("worker")
    .WithDatabase(infrastructure.Worker)
    .WithRedis(infrastructure.Worker)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

if (builder.ExecutionContext.IsRunMode)
{
    worker.WithEndpoint("http", endpoint => endpoint.Port = options.WorkerPort == 0 ? null : options.WorkerPort);

    // The worker's admin endpoint (dead-letter re-drive) requires this key; the dashboard command sends it.
    var workerAdminKey = builder.AddWorkerAdminKey(options);
    worker.WithEnvironment("VectorVue__Admin__Key", workerAdminKey)
        .WithDeadLetterRedriveCommand(workerAdminKey);
}
else
{
    // The worker's endpoint (health, dead-letter re-drive) is for this machine: in Azure it gets no ingress at all,
    // and Container Apps probes the container port directly (infra/worker.tmpl.yaml).
    worker.WithoutPublishedEndpoints();
}

if (options.WorkerReplicas > 1)
{
    worker.WithReplicas(options.WorkerReplicas);
}

if (publishing)
{
    builder.AddScalingParameters();
}

builder.Build().Run();

using Microsoft.Extensions.Configuration;
using VectorVue.AppHost;
using VectorVue.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(VectorVueHostOptions.SectionName).Get<VectorVueHostOptions>()
    ?? new VectorVueHostOptions();

// Infrastructure: containers, the machine's own servers, or external connection strings (docs/architecture.md).
var infrastructure = builder.AddVectorVueInfrastructure(options);

// The portal signs its tokens with this key (HS256, at least 32 bytes), as this issuer, for this audience.
var jwtSigningKey = builder.AddParameter("jwt-signing-key", secret: true);
var jwtIssuer = builder.AddParameter("jwt-issuer");
var jwtAudience = builder.AddParameter("jwt-audience");

// Schema first: the services start only once the migrator has finished successfully.
var migrations = builder.AddProject<Projects.VectorVue_MigrationService>("migrations")
    .WithDatabase(infrastructure)
    .WithEnvironment("VectorVue__Migration__SeedDemoTenant", options.SeedDemoTenant ? "true" : "false");

var api = builder.AddProject<Projects.VectorVue_TelemetryApi>("telemetry-api")
    .WithDatabase(infrastructure)
    .WithRedis(infrastructure)
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
    // A fixed, documented local URL; 0 lets Aspire choose (the tests run several apps side by side).
    api.WithEndpoint("http", endpoint => endpoint.Port = options.ApiPort == 0 ? null : options.ApiPort);
}

var worker = builder.AddProject<Projects.VectorVue_Worker>("worker")
    .WithDatabase(infrastructure)
    .WithRedis(infrastructure)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithDeadLetterRedriveCommand();

if (builder.ExecutionContext.IsRunMode)
{
    worker.WithEndpoint("http", endpoint => endpoint.Port = options.WorkerPort == 0 ? null : options.WorkerPort);
}

if (options.WorkerReplicas > 1)
{
    worker.WithReplicas(options.WorkerReplicas);
}

builder.Build().Run();

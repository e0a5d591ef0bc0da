using VectorVue.MigrationService;
using VectorVue.MigrationService.Data;
using VectorVue.MigrationService.Roles;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(SchemaMigrator.ActivitySource.Name));

builder.AddNpgsqlDbContext<TelemetryDbContext>("vectorvue");
builder.Services.AddOptions<MigrationOptions>().BindConfiguration(MigrationOptions.SectionName);
builder.Services.AddSingleton<ServiceRoleProvisioner>();
builder.Services.AddHostedService<SchemaMigrator>();

var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode; // the migrator sets it when a migration fails

using VectorVue.MigrationService;
using VectorVue.MigrationService.Data;
using VectorVue.MigrationService.Datasets;

// The datasets verb (make datasets / make dataset-csv): build or export model feature sets, then exit.
if (args is ["datasets", .. var datasetArgs])
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    var connectionString = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetConnectionString("vectorvue");
    return await DatasetCommand.RunAsync(datasetArgs, connectionString, TimeProvider.System, cancel.Token);
}

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(SchemaMigrator.ActivitySource.Name));

builder.AddNpgsqlDbContext<TelemetryDbContext>("vectorvue");
builder.Services.AddOptions<MigrationOptions>().BindConfiguration(MigrationOptions.SectionName);
builder.Services.AddHostedService<SchemaMigrator>();

var host = builder.Build();
await host.RunAsync();
return Environment.ExitCode; // the migrator sets it when a migration fails

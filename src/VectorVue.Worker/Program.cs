using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using VectorVue.Contracts;
using VectorVue.Worker;
using VectorVue.Worker.Acknowledging;
using VectorVue.Worker.Admin;
using VectorVue.Worker.DeadLetters;
using VectorVue.Worker.Draining;
using VectorVue.Worker.Health;
using VectorVue.Worker.Maintenance;
using VectorVue.Worker.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("vectorvue");
// The worker's own consumer spans describe the work; the client's per-command spans (a root trace per read,
// acknowledgement and maintenance pass) are left out. Its blocking reads run on connections of their own.
builder.AddRedisClient("redis", settings => settings.DisableTracing = true);

builder.Services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<QueueCapacityOptions>().BindConfiguration(QueueCapacityOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<PartitionOptions>().BindConfiguration(PartitionOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();

builder.Services.AddSingleton(sp => new StreamShards(sp.GetRequiredService<IOptions<EventStreamOptions>>().Value));
builder.Services.AddSingleton<ConsumerIdentity>();
builder.Services.AddSingleton<ReadConnections>();
builder.Services.AddSingleton<WorkerMetrics>();
builder.Services.AddSingleton<StorageHealth>();
builder.Services.AddSingleton<DrainLoopHealth>();
builder.Services.AddSingleton<EventWriter>();
builder.Services.AddSingleton<StreamAcknowledger>();
builder.Services.AddSingleton<DeadLetterStore>();
builder.Services.AddSingleton<DeadLetterRedriver>();
builder.Services.AddSingleton<DeliveryCounter>();
builder.Services.AddSingleton<BatchStorer>();
builder.Services.AddSingleton<PartitionHealth>();
builder.Services.AddSingleton<PartitionMaintainer>();
builder.Services.AddHealthChecks()
    .Add(new HealthCheckRegistration("storage", sp => sp.GetRequiredService<StorageHealth>(), HealthStatus.Unhealthy, ["ready"]))
    .Add(new HealthCheckRegistration("drain-loops", sp => sp.GetRequiredService<DrainLoopHealth>(), HealthStatus.Unhealthy, ["ready"]))
    .Add(new HealthCheckRegistration("partitions", sp => sp.GetRequiredService<PartitionHealth>(), HealthStatus.Degraded, ["ready"]));

builder.Services.AddHostedService<RedisDurabilityCheck>();
builder.Services.AddHostedService<StreamDrainer>();
builder.Services.AddHostedService<QueueMaintenance>();
builder.Services.AddHostedService<PartitionMaintenance>();
builder.Services.Configure<HostOptions>(host =>
    host.ShutdownTimeout = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>()?.ShutdownGrace + TimeSpan.FromSeconds(5)
        ?? TimeSpan.FromSeconds(10));

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapPartitionApi();
app.Run();

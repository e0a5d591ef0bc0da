using VectorVue.Contracts;
using VectorVue.Worker;
using VectorVue.Worker.Queue;
using VectorVue.Worker.Storage;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("vectorvue");
// The worker polls the stream continuously; its own consumer spans describe the work, so the client's
// per-command spans (one root trace per idle poll) are left out.
builder.AddRedisClient("redis", settings => settings.DisableTracing = true);

builder.Services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<EventWriter>();
builder.Services.AddHostedService<StreamDrainer>();

builder.Build().Run();

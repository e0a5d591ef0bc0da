using VectorVue.Contracts;
using VectorVue.Worker;
using VectorVue.Worker.Queue;
using VectorVue.Worker.Storage;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("vectorvue");
builder.AddRedisClient("redis");

builder.Services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<EventWriter>();
builder.Services.AddHostedService<StreamDrainer>();

builder.Build().Run();

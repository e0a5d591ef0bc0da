using Scalar.AspNetCore;
using VectorVue.TelemetryApi;
using VectorVue.TelemetryApi.Analytics;
using VectorVue.TelemetryApi.Ingestion;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddTelemetryApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapIngestionApi();
app.MapAnalyticsApi();

if (app.Environment.IsDevelopment())
{
    // The OpenAPI document at /openapi/v1.json and an interactive page at /scalar.
    app.MapOpenApi();
    app.MapScalarApiReference();
}

app.Run();

using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Queue;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The pipeline steps both ingestion endpoints use, bound as one parameter (<c>[AsParameters]</c>).</summary>
internal readonly record struct IngestionServices(
    CallerResolver Callers,
    JsonBodyReader Bodies,
    ClientEventParser Parser,
    EventAdmission Admission,
    EventQueue Queue,
    IngestionMetrics Metrics,
    IOptions<IngestionOptions> Options,
    TimeProvider TimeProvider,
    ILogger<EventQueue> Logger);

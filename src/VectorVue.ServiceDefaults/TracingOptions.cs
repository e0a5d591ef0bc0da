using System.ComponentModel.DataAnnotations;

namespace Microsoft.Extensions.Hosting;

/// <summary>How many traces each service keeps. Bound from <c>VectorVue:Tracing</c>.</summary>
public sealed class TracingOptions
{
    public const string SectionName = "VectorVue:Tracing";

    /// <summary>The default outside Development: one trace in ten, so tracing cost stays a tenth of the request rate.</summary>
    public const double ProductionSampleRatio = 0.1;

    /// <summary>
    /// Share of traces kept, decided once where a trace starts (the API's request) and followed by every span of it,
    /// across services (parent-based: the worker keeps a trace exactly when the API did). Every trace in Development
    /// unless set; <see cref="ProductionSampleRatio"/> elsewhere. <c>OTEL_TRACES_SAMPLER</c>, when set, wins.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? SampleRatio { get; set; }

    public double EffectiveSampleRatio(bool isDevelopment) => SampleRatio ?? (isDevelopment ? 1.0 : ProductionSampleRatio);
}

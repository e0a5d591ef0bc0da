namespace Microsoft.Extensions.Hosting;

/// <summary>Names of the VectorVue meter and activity source, shared by every service so the exporters pick them up.</summary>
public static class VectorVueTelemetry
{
    public const string MeterName = "VectorVue.Telemetry";
    public const string ActivitySourceName = "VectorVue.Telemetry";
}

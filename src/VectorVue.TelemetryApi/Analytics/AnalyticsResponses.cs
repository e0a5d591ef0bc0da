using VectorVue.Analytics;
using VectorVue.Analytics.Reports;

namespace VectorVue.TelemetryApi.Analytics;

/// <summary>The window a response was computed over: [from, to), and how many (whole or partial) days it spans.</summary>
internal sealed record ReportWindow(DateTimeOffset From, DateTimeOffset To, int Days)
{
    public static ReportWindow Of(AnalyticsWindow window) => new(window.From, window.To, window.Days);
}

internal sealed record MttaResponse(Guid TenantId, ReportWindow Window, MttaReport Mtta);

internal sealed record MttrResponse(Guid TenantId, ReportWindow Window, MttrReport Mttr);

internal sealed record AwarenessResponse(Guid TenantId, ReportWindow Window, AwarenessReport Awareness);

internal sealed record ResponsivenessResponse(Guid TenantId, ReportWindow Window, ResponsivenessReport Responsiveness);

internal sealed record TrendResponse(Guid TenantId, ReportWindow Window, TrendReport Trend);

/// <summary>Everything at once: MTTA of criticals, MTTR, awareness and responsiveness over every severity.</summary>
internal sealed record SummaryResponse(
    Guid TenantId, ReportWindow Window, MttaReport Mtta, MttrReport Mttr, AwarenessReport Awareness, ResponsivenessReport Responsiveness);

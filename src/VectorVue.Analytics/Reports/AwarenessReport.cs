using VectorVue.Analytics.Figures;
using VectorVue.Contracts;

namespace VectorVue.Analytics.Reports;

/// <summary>How much a tenant looks at its risk: findings viewed and acknowledged by severity, dashboard, reports, users.</summary>
public sealed record AwarenessReport(
    IReadOnlyList<SeverityAwareness> BySeverity,
    long FindingsViewed,
    long FindingViews,
    decimal? CriticalHighViewShare,
    long DashboardActiveDays,
    int DaysInWindow,
    decimal? DashboardActiveDayShare,
    long ReportDownloads,
    long ReportsDownloaded,
    long ActiveUsers,
    IReadOnlyDictionary<string, string> Formulas)
{
    public static readonly IReadOnlyDictionary<string, string> FormulaText = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["by_severity.findings_viewed"] = "distinct findings whose first FINDING_VIEWED carrying the severity is in the window",
        ["by_severity.acknowledged_share"] = "findings of the severity whose first FINDING_ACKNOWLEDGED (whenever) is at or after their first view / findings_viewed",
        ["findings_viewed"] = "distinct findings whose first FINDING_VIEWED is in the window",
        ["critical_high_view_share"] = "FINDING_VIEWED events carrying critical or high / all FINDING_VIEWED events",
        ["dashboard_active_day_share"] = "distinct UTC days with a DASHBOARD_VIEWED / days_in_window (whole or partial days)",
        ["report_downloads"] = "REPORT_DOWNLOADED events (reports_downloaded: distinct reports)",
        ["active_users"] = "distinct known users with any event",
    };

    public static AwarenessReport From(TenantFigures figures)
    {
        var any = figures.FindingsOf(SeverityScope.Any);
        var criticalHighViews = figures.FindingsOf(Severities.Critical).Views + figures.FindingsOf(Severities.High).Views;
        var activity = figures.Activity;
        var days = figures.Window.Days;
        return new AwarenessReport(
            [.. Severities.All.Select(s => SeverityAwareness.Of(figures.FindingsOf(s)))],
            any.Viewed,
            any.Views,
            Ratio.Of(criticalHighViews, any.Views),
            activity.DashboardActiveDays,
            days,
            Ratio.Of(activity.DashboardActiveDays, days),
            activity.ReportDownloads,
            activity.ReportsDownloaded,
            activity.ActiveUsers,
            FormulaText);
    }
}

/// <summary>Findings of one severity: how many were viewed (and how often), how many acknowledged.</summary>
public sealed record SeverityAwareness(string Severity, long FindingsViewed, long Views, long Acknowledged, decimal? AcknowledgedShare)
{
    public static SeverityAwareness Of(FindingFigures findings) => new(
        findings.Scope, findings.Viewed, findings.Views, findings.Acknowledged, Ratio.Of(findings.Acknowledged, findings.Viewed));
}

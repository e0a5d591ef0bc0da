namespace VectorVue.Analytics.Figures;

/// <summary>Portal activity of a tenant in a window that is not about one finding or remediation.</summary>
/// <param name="Events">Every event of the tenant in the window.</param>
/// <param name="ActiveUsers">Distinct known users (events without a user are not counted).</param>
/// <param name="DashboardViews">DASHBOARD_VIEWED events.</param>
/// <param name="DashboardActiveDays">Distinct UTC days with at least one DASHBOARD_VIEWED.</param>
/// <param name="ReportDownloads">REPORT_DOWNLOADED events.</param>
/// <param name="ReportsDownloaded">Distinct reports downloaded.</param>
public sealed record ActivityFigures(long Events, long ActiveUsers, long DashboardViews, long DashboardActiveDays, long ReportDownloads, long ReportsDownloaded)
{
    public static readonly ActivityFigures Empty = new(0, 0, 0, 0, 0, 0);
}

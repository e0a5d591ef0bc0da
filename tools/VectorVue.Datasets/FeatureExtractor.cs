using System.Globalization;
using VectorVue.Analytics;
using VectorVue.Analytics.Figures;
using VectorVue.Analytics.Reports;

namespace VectorVue.Datasets;

/// <summary>
/// Turns a tenant's figures over a window into named numeric features: the same definitions the analytics API
/// serves (one computation for both). A figure without a value (a mean over nothing) is left out, not zero.
/// </summary>
internal static class FeatureExtractor
{
    public static IReadOnlyDictionary<string, double> Extract(TenantFigures figures)
    {
        var features = new SortedDictionary<string, double>(StringComparer.Ordinal);
        void Add(string name, decimal? value)
        {
            if (value is { } v)
            {
                features[name] = (double)v;
            }
        }

        var activity = figures.Activity;
        Add("events", activity.Events);
        Add("active_users", activity.ActiveUsers);
        Add("dashboard_views", activity.DashboardViews);
        Add("dashboard_active_days", activity.DashboardActiveDays);
        Add("report_downloads", activity.ReportDownloads);
        Add("reports_downloaded", activity.ReportsDownloaded);

        foreach (var scope in SeverityScope.All)
        {
            var findings = figures.FindingsOf(scope);
            Add($"findings_viewed_{scope}", findings.Viewed);
            Add($"finding_views_{scope}", findings.Views);
            Add($"findings_acknowledged_{scope}", findings.Acknowledged);
            Add($"acknowledged_share_{scope}", Ratio.Of(findings.Acknowledged, findings.Viewed));
            AddStats("mtta", "minutes", scope, findings.AcknowledgeMinutes);

            var remediations = figures.RemediationsOf(scope);
            Add($"remediations_opened_{scope}", remediations.Opened);
            Add($"remediations_completed_{scope}", remediations.Completed);
            Add($"remediation_backlog_{scope}", remediations.Backlog);
            AddStats("mttr", "hours", scope, remediations.RemediateHours);
        }

        var awareness = AwarenessReport.From(figures);
        Add("critical_high_view_share", awareness.CriticalHighViewShare);
        Add("dashboard_active_day_share", awareness.DashboardActiveDayShare);

        var responsiveness = ResponsivenessReport.From(figures, SeverityScope.Any);
        Add("acknowledgement_rate", responsiveness.AcknowledgementRate);
        Add("completion_rate", responsiveness.CompletionRate);
        Add("oldest_open_age_hours", responsiveness.OldestOpenAgeHours);
        Add("responsiveness_score", responsiveness.Score.Value);
        return features;

        void AddStats(string figure, string unit, string scope, DurationStats stats)
        {
            Add($"{figure}_mean_{unit}_{scope}", stats.Mean);
            Add($"{figure}_median_{unit}_{scope}", stats.Median);
            Add($"{figure}_p90_{unit}_{scope}", stats.P90);
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

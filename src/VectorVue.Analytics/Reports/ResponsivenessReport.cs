using VectorVue.Analytics.Figures;

namespace VectorVue.Analytics.Reports;

/// <summary>How a tenant acts on what it sees: acknowledgement and completion rates, backlog, and the 0–100 score.</summary>
public sealed record ResponsivenessReport(
    string Severity,
    long FindingsViewed,
    long FindingsAcknowledged,
    decimal? AcknowledgementRate,
    long RemediationsOpened,
    long RemediationsCompleted,
    decimal? CompletionRate,
    long OpenBacklog,
    decimal? OldestOpenAgeHours,
    ResponsivenessScore Score)
{
    /// <param name="figures">The tenant's figures.</param>
    /// <param name="severity">A severity, or <see cref="SeverityScope.Any"/>.</param>
    public static ResponsivenessReport From(TenantFigures figures, string severity)
    {
        var findings = figures.FindingsOf(severity);
        var remediations = figures.RemediationsOf(severity);
        var oldestAge = remediations.OldestOpenSince is { } since
            ? Math.Round((decimal)(figures.Window.To - since).TotalHours, 2, MidpointRounding.AwayFromZero)
            : (decimal?)null;
        return new ResponsivenessReport(
            severity,
            findings.Viewed,
            findings.Acknowledged,
            Ratio.Of(findings.Acknowledged, findings.Viewed),
            remediations.Opened,
            remediations.Completed,
            Ratio.Of(remediations.Completed, remediations.Opened),
            remediations.Backlog,
            oldestAge,
            ResponsivenessScore.Compute(
                findings.Viewed, findings.Acknowledged, findings.AcknowledgeMinutes.Mean,
                remediations.Opened, remediations.Completed, remediations.RemediateHours.Mean));
    }
}

using VectorVue.Analytics.Figures;
using VectorVue.Contracts;

namespace VectorVue.Analytics.Reports;

/// <summary>MTTR over every remediation (or one severity's), beside every severity's.</summary>
public sealed record MttrReport(string Severity, long Count, decimal? MeanHours, decimal? MedianHours, decimal? P90Hours, IReadOnlyList<MttrFigure> BySeverity, string Definition)
{
    public const string DefinitionText =
        "For each remediation: first REMEDIATION_OPENED and first REMEDIATION_COMPLETED; remediations completed at or " +
        "after their first opening count. Mean, median and p90 of (first completion - first opening) in hours, rounded " +
        "to 2 decimals. A remediation's severity is the one its first opening carried; only events inside the window " +
        "are considered.";

    /// <param name="figures">The tenant's figures.</param>
    /// <param name="severity">A severity, or <see cref="SeverityScope.Any"/> for every remediation.</param>
    public static MttrReport From(TenantFigures figures, string severity)
    {
        var headline = MttrFigure.Of(figures.RemediationsOf(severity));
        return new MttrReport(
            severity, headline.Count, headline.MeanHours, headline.MedianHours, headline.P90Hours,
            [.. Severities.All.Select(s => MttrFigure.Of(figures.RemediationsOf(s)))],
            DefinitionText);
    }
}

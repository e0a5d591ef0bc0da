using VectorVue.Analytics.Figures;
using VectorVue.Contracts;

namespace VectorVue.Analytics.Reports;

/// <summary>MTTA at the chosen severity, beside every severity's.</summary>
public sealed record MttaReport(string Severity, long Count, decimal? MeanMinutes, decimal? MedianMinutes, decimal? P90Minutes, IReadOnlyList<MttaFigure> BySeverity, string Definition)
{
    public const string DefinitionText =
        "For each finding viewed at the severity: first view = its earliest FINDING_VIEWED carrying that severity, " +
        "first acknowledgement = its earliest FINDING_ACKNOWLEDGED; findings whose first acknowledgement is at or after " +
        "their first view count. Mean, median and p90 of (first acknowledgement - first view) in minutes, rounded to 2 " +
        "decimals; only events inside the window are considered.";

    public static MttaReport From(TenantFigures figures, string severity)
    {
        var headline = MttaFigure.Of(figures.FindingsOf(severity));
        return new MttaReport(
            severity, headline.Count, headline.MeanMinutes, headline.MedianMinutes, headline.P90Minutes,
            [.. Severities.All.Select(s => MttaFigure.Of(figures.FindingsOf(s)))],
            DefinitionText);
    }
}

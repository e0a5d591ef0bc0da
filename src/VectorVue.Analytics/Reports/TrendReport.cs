using VectorVue.Analytics.Figures;

namespace VectorVue.Analytics.Reports;

/// <summary>Week by week: MTTA of findings first viewed that week (at the severity), MTTR of remediations first opened that week.</summary>
public sealed record TrendReport(string Severity, IReadOnlyList<TrendWeek> Weeks)
{
    public static TrendReport From(IReadOnlyList<WeekFigures> weeks, string severity) => new(
        severity,
        [.. weeks.Select(w => new TrendWeek(
            w.WeekStart,
            w.FindingsViewed,
            new MttaFigure(severity, w.AcknowledgeMinutes.Count, w.AcknowledgeMinutes.Mean, w.AcknowledgeMinutes.Median, w.AcknowledgeMinutes.P90),
            w.RemediationsOpened,
            new MttrFigure(SeverityScope.Any, w.RemediateHours.Count, w.RemediateHours.Mean, w.RemediateHours.Median, w.RemediateHours.P90)))]);
}

/// <summary>One ISO week of a <see cref="TrendReport"/>.</summary>
public sealed record TrendWeek(DateTimeOffset WeekStart, long FindingsViewed, MttaFigure Mtta, long RemediationsOpened, MttrFigure Mttr);

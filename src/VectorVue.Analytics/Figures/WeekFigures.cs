namespace VectorVue.Analytics.Figures;

/// <summary>One ISO week (Monday 00:00 UTC) of a trend: findings first viewed and remediations first opened that week.</summary>
public sealed record WeekFigures(DateTimeOffset WeekStart, long FindingsViewed, DurationStats AcknowledgeMinutes, long RemediationsOpened, DurationStats RemediateHours)
{
    public static WeekFigures Empty(DateTimeOffset weekStart) => new(weekStart, 0, DurationStats.Empty, 0, DurationStats.Empty);
}

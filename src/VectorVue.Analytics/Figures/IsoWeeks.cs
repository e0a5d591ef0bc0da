namespace VectorVue.Analytics.Figures;

/// <summary>ISO weeks: Monday 00:00 UTC to the next Monday.</summary>
public static class IsoWeeks
{
    public static DateTimeOffset StartOf(DateTimeOffset instant)
    {
        var day = instant.UtcDateTime.Date;
        var sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return new DateTimeOffset(day.AddDays(-sinceMonday), TimeSpan.Zero);
    }

    /// <summary>The start of every week with at least one instant in the window, oldest first.</summary>
    public static IEnumerable<DateTimeOffset> Spanning(AnalyticsWindow window)
    {
        for (var week = StartOf(window.From); week < window.To; week = week.AddDays(7))
        {
            yield return week;
        }
    }
}

namespace VectorVue.Analytics.Figures;

/// <summary>
/// A window cut at UTC midnights: the whole UTC days inside it, <c>[WholeDaysFrom, WholeDaysTo)</c>, whose counts
/// the daily tables hold, and the partial days at either edge, <c>[From, WholeDaysFrom)</c> and <c>[WholeDaysTo, To)</c>,
/// counted from the events themselves. A window without a whole day inside has both bounds at its end: its events
/// are all in the first edge, the second edge and the days are empty. Together the three parts are the window,
/// each instant in exactly one.
/// </summary>
public readonly record struct WindowDays(DateTimeOffset WholeDaysFrom, DateTimeOffset WholeDaysTo)
{
    public static WindowDays Of(AnalyticsWindow window)
    {
        var firstMidnight = CeilingToDay(window.From);
        var lastMidnight = FloorToDay(window.To);
        return firstMidnight < lastMidnight ? new(firstMidnight, lastMidnight) : new(window.To, window.To);
    }

    /// <summary>The first day of <c>analytics.daily_*</c> rows to read (inclusive).</summary>
    public DateOnly FirstDay => DateOnly.FromDateTime(WholeDaysFrom.UtcDateTime);

    /// <summary>The day after the last day of <c>analytics.daily_*</c> rows to read (exclusive; equal to <see cref="FirstDay"/> when none).</summary>
    public DateOnly EndDay => DateOnly.FromDateTime(WholeDaysTo.UtcDateTime);

    private static DateTimeOffset FloorToDay(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset CeilingToDay(DateTimeOffset instant)
    {
        var floor = FloorToDay(instant);
        return floor == instant ? floor : floor.AddDays(1);
    }
}

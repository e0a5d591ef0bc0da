using VectorVue.Analytics;
using VectorVue.Analytics.Figures;

namespace VectorVue.Tests.Analytics;

/// <summary>The cut of a window into whole UTC days (the daily tables) and partial edge days (the events).</summary>
public sealed class WindowDaysTests
{
    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Edges_are_the_partial_days_and_the_whole_days_lie_between()
    {
        // [Dec 1 06:00, Dec 3 18:00): head edge Dec 1 06:00–24:00, whole day Dec 2, tail edge Dec 3 00:00–18:00.
        var days = WindowDays.Of(new AnalyticsWindow(At("2026-12-01T06:00:00Z"), At("2026-12-03T18:00:00Z")));

        Assert.Equal(At("2026-12-02T00:00:00Z"), days.WholeDaysFrom);
        Assert.Equal(At("2026-12-03T00:00:00Z"), days.WholeDaysTo);
        Assert.Equal(new DateOnly(2026, 12, 2), days.FirstDay);
        Assert.Equal(new DateOnly(2026, 12, 3), days.EndDay);
    }

    [Fact]
    public void A_window_of_midnights_is_whole_days_only()
    {
        var days = WindowDays.Of(new AnalyticsWindow(At("2026-12-01T00:00:00Z"), At("2026-12-04T00:00:00Z")));

        Assert.Equal(At("2026-12-01T00:00:00Z"), days.WholeDaysFrom); // head edge [from, from): empty
        Assert.Equal(At("2026-12-04T00:00:00Z"), days.WholeDaysTo);   // tail edge [to, to): empty
        Assert.Equal((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 4)), (days.FirstDay, days.EndDay));
    }

    [Theory]
    [InlineData("2026-12-01T06:00:00Z", "2026-12-01T18:00:00Z")] // inside one day
    [InlineData("2026-12-01T06:00:00Z", "2026-12-02T18:00:00Z")] // across one midnight, no whole day
    [InlineData("2026-12-01T00:00:00Z", "2026-12-01T18:00:00Z")] // from a midnight, less than a day
    public void A_window_without_a_whole_day_is_all_head_edge(string from, string to)
    {
        var window = new AnalyticsWindow(At(from), At(to));
        var days = WindowDays.Of(window);

        // Head edge [from, to), tail edge [to, to) and days [d, d): every event read once, from the events.
        Assert.Equal(window.To, days.WholeDaysFrom);
        Assert.Equal(window.To, days.WholeDaysTo);
        Assert.Equal(days.FirstDay, days.EndDay);
    }

    [Fact]
    public void Offsets_are_cut_at_utc_midnight()
    {
        // 2026-12-01T23:00-05:00 is Dec 2 04:00 UTC; 2026-12-05T01:00+02:00 is Dec 4 23:00 UTC: whole day Dec 3 only.
        var days = WindowDays.Of(new AnalyticsWindow(At("2026-12-01T23:00:00-05:00"), At("2026-12-05T01:00:00+02:00")));

        Assert.Equal(At("2026-12-03T00:00:00Z"), days.WholeDaysFrom);
        Assert.Equal(At("2026-12-04T00:00:00Z"), days.WholeDaysTo);
        Assert.Equal((new DateOnly(2026, 12, 3), new DateOnly(2026, 12, 4)), (days.FirstDay, days.EndDay));
    }
}

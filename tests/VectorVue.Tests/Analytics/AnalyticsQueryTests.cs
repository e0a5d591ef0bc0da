using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using VectorVue.Analytics;
using VectorVue.Analytics.Figures;
using VectorVue.TelemetryApi.Analytics;

namespace VectorVue.Tests.Analytics;

public sealed class AnalyticsQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 15, 30, 0, TimeSpan.Zero);
    private static readonly AnalyticsOptions Options = new();

    private static (AnalyticsQuery? Query, Dictionary<string, string[]> Errors) Parse(string query, string? defaultSeverity = "critical") =>
        AnalyticsQuery.Parse(new QueryCollection(QueryHelpers(query)), defaultSeverity, Now, Options);

    private static Dictionary<string, StringValues> QueryHelpers(string query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);

    [Fact]
    public void Without_parameters_the_window_is_the_last_90_days_and_the_default_severity()
    {
        var (query, _) = Parse("");

        Assert.Equal(new AnalyticsWindow(Now.AddDays(-90), Now), query!.Window);
        Assert.Equal("critical", query.Severity);
    }

    [Fact]
    public void From_alone_runs_to_now_and_to_alone_goes_90_days_back()
    {
        Assert.Equal(new AnalyticsWindow(Now.AddDays(-10), Now), Parse("from=" + Uri.EscapeDataString(Now.AddDays(-10).ToString("O"))).Query!.Window);
        var to = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new AnalyticsWindow(to.AddDays(-90), to), Parse("to=2026-06-01").Query!.Window);
    }

    [Fact]
    public void Offsets_are_honoured_and_dates_are_utc_midnight()
    {
        var (query, _) = Parse("from=2026-11-01&to=2026-11-02T01:00:00%2B02:00");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), query!.Window.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 23, 0, 0, TimeSpan.Zero), query.Window.To);
    }

    [Theory]
    [InlineData("severity=HIGH", "high")]
    [InlineData("severity=%20low%20", "low")]
    [InlineData("severity=any", "any")]
    public void Severity_is_case_insensitive_and_may_be_any(string parameter, string expected) =>
        Assert.Equal(expected, Parse(parameter).Query!.Severity);

    [Theory]
    [InlineData("severity=urgent", "severity")]
    [InlineData("severity=", "severity")]
    [InlineData("from=a&from=b", "from")]
    [InlineData("from=last-week", "from")]
    [InlineData("to=26/11/2026", "to")]
    [InlineData("to=1700000000", "to")]
    [InlineData("from=2026-11-20&to=2026-11-20", "from")]
    [InlineData("from=2024-01-01&to=2026-01-01", "from")]
    public void Bad_parameters_are_named(string parameter, string failing)
    {
        var (query, errors) = Parse(parameter);

        Assert.Null(query);
        Assert.Contains(failing, errors.Keys);
    }

    /// <summary>
    /// Instants at the edges of what .NET, PostgreSQL and Npgsql represent the same way: each is refused by name
    /// rather than overflowing the window's arithmetic (the default <c>from</c>, the ISO weeks of a trend) or
    /// reaching PostgreSQL as <c>-infinity</c>/<c>infinity</c> (DateTimeOffset.MinValue/MaxValue).
    /// </summary>
    [Theory]
    [InlineData("to=0001-01-05", "to")] // the default from (to - 90 days) would be before year 1
    [InlineData("to=0001-01-01T00:00:00Z", "to")] // DateTimeOffset.MinValue: -infinity to Npgsql
    [InlineData("from=0001-01-01&to=0001-03-01", "from")]
    [InlineData("from=0001-01-01T00:00:00%2B14:00", "from")] // before year 1 in UTC
    [InlineData("to=9999-12-31T23:59:59Z", "to")] // the trend's last week would end after year 9999
    [InlineData("from=9999-12-31T23:59:59.9999999Z", "from")] // DateTimeOffset.MaxValue: infinity to Npgsql
    [InlineData("from=9999-12-01&to=9999-12-31", "from")]
    [InlineData("to=9999-12-31T23:59:59-14:00", "to")] // after year 9999 in UTC
    [InlineData("to=1969-12-31T23:59:59Z", "to")]
    [InlineData("from=1969-12-31&to=1970-01-02", "from")]
    [InlineData("to=10000-01-01", "to")]
    [InlineData("from=2026-11-01T00:00:00%2B15:00", "from")] // no such offset
    public void Instants_outside_the_supported_years_are_named(string parameter, string failing)
    {
        var (query, errors) = Parse(parameter);

        Assert.Null(query);
        Assert.Contains(failing, errors.Keys);
    }

    [Fact]
    public void The_supported_instants_run_from_1970_to_the_start_of_9999_and_their_weeks_can_be_counted()
    {
        Assert.Equal(AnalyticsQuery.Earliest, Parse("from=1970-01-01&to=1970-01-02").Query!.Window.From);
        var early = new DateTimeOffset(1970, 1, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(new AnalyticsWindow(early.AddDays(-90), early), Parse("to=1970-01-02").Query!.Window); // the default from may be earlier

        var last = Parse("from=9998-01-01&to=9999-01-01T00:00:00Z").Query!.Window;
        Assert.Equal(AnalyticsQuery.Latest, last.To);
        // 9998-12-31 is a Thursday: its week, starting Monday 9998-12-28, is the last.
        Assert.Equal(new DateTimeOffset(9998, 12, 28, 0, 0, 0, TimeSpan.Zero), IsoWeeks.Spanning(last).Last());
    }

    [Fact]
    public void An_endpoint_without_a_severity_refuses_one_rather_than_ignoring_it()
    {
        var (query, errors) = Parse("severity=critical", defaultSeverity: null);

        Assert.Null(query);
        Assert.Contains("does not take a severity", errors["severity"][0]);
        Assert.NotNull(Parse("", defaultSeverity: null).Query);
    }

    [Fact]
    public void A_window_counts_whole_and_partial_days()
    {
        Assert.Equal(4, new AnalyticsWindow(Now, Now.AddDays(4)).Days);
        Assert.Equal(5, new AnalyticsWindow(Now, Now.AddDays(4).AddMinutes(1)).Days);
    }

    [Fact]
    public void Iso_weeks_start_on_monday_utc_and_cover_the_window()
    {
        // 2026-11-26 is a Thursday.
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), IsoWeeks.StartOf(Now));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), IsoWeeks.StartOf(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), IsoWeeks.StartOf(new DateTimeOffset(2026, 11, 23, 0, 30, 0, TimeSpan.FromHours(1))));

        var weeks = IsoWeeks.Spanning(new AnalyticsWindow(Now.AddDays(-11), Now)).ToList();
        Assert.Equal([new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero), new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)], weeks.Skip(1));
        Assert.Equal(3, weeks.Count);
    }
}

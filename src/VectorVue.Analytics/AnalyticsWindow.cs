namespace VectorVue.Analytics;

/// <summary>The half-open interval [<see cref="From"/>, <see cref="To"/>) whose events a figure is computed from.</summary>
public readonly record struct AnalyticsWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Whole or partial UTC days the window spans (the denominator of "dashboard active days").</summary>
    public int Days => (int)Math.Ceiling((To - From).TotalDays);

    public static AnalyticsWindow Ending(DateTimeOffset to, TimeSpan length) => new(to - length, to);
}

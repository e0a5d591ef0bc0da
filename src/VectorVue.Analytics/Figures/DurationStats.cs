namespace VectorVue.Analytics.Figures;

/// <summary>
/// Count, mean, median and 90th percentile of a set of durations, each rounded to 2 decimals (percentiles are
/// continuous: linear interpolation between the two nearest values). Null statistics when the count is 0.
/// </summary>
public sealed record DurationStats(long Count, decimal? Mean, decimal? Median, decimal? P90)
{
    public static readonly DurationStats Empty = new(0, null, null, null);
}

namespace VectorVue.Analytics.Reports;

/// <summary>Shares and rates: a fraction in [0, 1] rounded to 4 decimals, or null when there is nothing to divide by.</summary>
public static class Ratio
{
    public static decimal? Of(long part, long whole) =>
        whole == 0 ? null : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}

namespace VectorVue.Analytics.Figures;

/// <summary>The SQL of a <see cref="DurationStats"/>, shared by every figure statement.</summary>
internal static class StatsSql
{
    /// <summary>Four columns: count, mean, median, p90 of a duration column (nulls, the unpaired, are left out).</summary>
    public static string Of(string column) => $"""
        count({column}) AS {column}_count,
        round(avg({column}), 2) AS {column}_mean,
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY {column}::float8))::numeric, 2) AS {column}_median,
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY {column}::float8))::numeric, 2) AS {column}_p90
        """;
}

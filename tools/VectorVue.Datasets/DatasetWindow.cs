namespace VectorVue.Datasets;

/// <summary>The windows feature sets are built over (the names <c>analytics.feature_sets.window_name</c> allows).</summary>
internal sealed record DatasetWindow(string Name, TimeSpan Length)
{
    public static readonly IReadOnlyList<DatasetWindow> All =
    [
        new("1h", TimeSpan.FromHours(1)),
        new("24h", TimeSpan.FromHours(24)),
        new("7d", TimeSpan.FromDays(7)),
        new("30d", TimeSpan.FromDays(30)),
    ];

    public static DatasetWindow? Find(string name) =>
        All.FirstOrDefault(w => w.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Windows end on a whole UTC hour, so that runs within the same hour build the same feature sets.</summary>
    public static DateTimeOffset AlignEnd(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

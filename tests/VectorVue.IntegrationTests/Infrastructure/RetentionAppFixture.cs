using System.Globalization;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A system of its own for the partition tests, which create and drop partitions of the whole table: one API, one
/// worker, and a retention of exactly twelve calendar months — <see cref="RetentionDays"/> reach back from now to
/// the first day of <see cref="OldestKeptMonth"/>, eleven months before the current one, so a maintenance run drops
/// every month before it and none after. The worker's own schedule keeps its default hour: the tests run
/// maintenance when they want it, through the admin endpoint.
/// </summary>
public sealed class RetentionAppFixture : VectorVueAppFixture
{
    /// <summary>When the fixture was made; the months below are counted from it.</summary>
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    /// <summary>The first instant of the current UTC month.</summary>
    public DateTimeOffset CurrentMonth => new(Now.Year, Now.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The oldest month twelve months of retention keep (the current month and the eleven before it).</summary>
    public DateTimeOffset OldestKeptMonth => CurrentMonth.AddMonths(-11);

    /// <summary>
    /// Whole days from <see cref="OldestKeptMonth"/> to <see cref="Now"/>: a run at any later instant (within the next
    /// month) cuts at or just after the first instant of <see cref="OldestKeptMonth"/>.
    /// </summary>
    public int RetentionDays => (int)Math.Floor((Now - OldestKeptMonth).TotalDays);

    /// <summary>The worker's default: the partitions ahead the migrator and every run create.</summary>
    public const int MonthsAhead = 3;

    protected override string[] ExtraArgs => [];

    protected override IReadOnlyDictionary<string, string> WorkerSettings => new Dictionary<string, string>
    {
        ["VectorVue__Worker__Partitions__RetentionDays"] = RetentionDays.ToString(CultureInfo.InvariantCulture),
        ["VectorVue__Worker__Partitions__MonthsAhead"] = MonthsAhead.ToString(CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class RetentionAppGroup : ICollectionFixture<RetentionAppFixture>
{
    public const string Name = "VectorVue retention app";
}

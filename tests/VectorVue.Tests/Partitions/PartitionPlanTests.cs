using System.ComponentModel.DataAnnotations;
using VectorVue.Worker.Maintenance;

namespace VectorVue.Tests.Partitions;

/// <summary>
/// What a maintenance run asks for at a given instant: the previous month through <c>MonthsAhead</c> months ahead,
/// and a cutoff <c>RetentionDays</c> before now (none for 0); and the settings it refuses.
/// </summary>
public sealed class PartitionPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 19, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_defaults_keep_the_previous_month_through_three_months_ahead_and_400_days()
    {
        var plan = PartitionPlan.At(Now, new PartitionOptions());

        Assert.Equal(new DateOnly(2026, 11, 4), plan.EnsureFrom); // the function truncates to 2026-11-01
        Assert.Equal(new DateOnly(2027, 3, 4), plan.EnsureThrough); // through the month of 2027-03
        Assert.Equal(new DateTimeOffset(2025, 10, 30, 19, 30, 0, TimeSpan.Zero), plan.DropBefore); // 2026-12-04 − 400 days
    }

    [Fact]
    public void The_day_is_the_utc_day_whatever_the_offset_of_the_clock()
    {
        // 2027-01-01 00:30 in UTC+02:00 is still 2026-12-31 in UTC.
        var plan = PartitionPlan.At(new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(2)), new PartitionOptions { MonthsAhead = 1 });

        Assert.Equal(new DateOnly(2026, 11, 30), plan.EnsureFrom); // month arithmetic clamps to the month's last day
        Assert.Equal(new DateOnly(2027, 1, 31), plan.EnsureThrough);
        Assert.Equal(TimeSpan.Zero, plan.DropBefore!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2025, 11, 26, 22, 30, 0, TimeSpan.Zero), plan.DropBefore);
    }

    [Fact]
    public void A_retention_of_0_keeps_everything()
    {
        Assert.Null(PartitionPlan.At(Now, new PartitionOptions { RetentionDays = 0 }).DropBefore);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Failures(new PartitionOptions()));
        Assert.Empty(Failures(new PartitionOptions { RetentionDays = 0 }));
        Assert.Empty(Failures(new PartitionOptions { RetentionDays = PartitionOptions.MinimumRetentionDays }));
    }

    [Fact]
    public void A_retention_shorter_than_a_month_is_refused_naming_the_setting()
    {
        var failure = Assert.Single(Failures(new PartitionOptions { RetentionDays = 30 }));
        Assert.StartsWith("VectorVue:Worker:Partitions:RetentionDays (30) is below 31", failure);
    }

    [Theory]
    [InlineData(0, 3, 400)]
    [InlineData(1, 0, 400)]
    [InlineData(1, 25, 400)]
    [InlineData(1, 3, -1)]
    public void Values_outside_their_range_are_refused(int intervalSeconds, int monthsAhead, int retentionDays)
    {
        var options = new PartitionOptions { Interval = TimeSpan.FromSeconds(intervalSeconds), MonthsAhead = monthsAhead, RetentionDays = retentionDays };

        Assert.NotEmpty(Failures(options));
    }

    private static List<string> Failures(PartitionOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}

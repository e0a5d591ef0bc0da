using Microsoft.Extensions.Time.Testing;
using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>When a drain loop takes over what dead consumers left pending, whatever its reads find.</summary>
public sealed class ClaimScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private const int BatchSize = 100;

    [Fact]
    public void A_new_loop_takes_over_at_once_then_once_per_interval()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ClaimSchedule(Interval, clock);
        Assert.True(schedule.IsDue);

        schedule.Passed(claimed: 0, BatchSize, ClaimSchedule.Start);
        Assert.False(schedule.IsDue);
        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.False(schedule.IsDue);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(schedule.IsDue);
    }

    [Fact]
    public void A_pass_that_took_fewer_than_a_batch_waits_for_the_next_interval()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ClaimSchedule(Interval, clock);

        schedule.Passed(claimed: BatchSize - 1, BatchSize, "1700000000000-5");
        Assert.False(schedule.IsDue);
        Assert.Equal("1700000000000-5", schedule.Cursor.ToString());
    }

    [Fact]
    public void A_full_pass_with_more_to_scan_is_due_again_at_once_and_continues_where_it_stopped()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ClaimSchedule(Interval, clock);

        schedule.Passed(claimed: BatchSize, BatchSize, "1700000000000-5");
        Assert.True(schedule.IsDue);
        Assert.Equal("1700000000000-5", schedule.Cursor.ToString());

        // The scan reached the end of the pending list: the next pass starts over, after an interval.
        schedule.Passed(claimed: BatchSize, BatchSize, ClaimSchedule.Start);
        Assert.False(schedule.IsDue);
        Assert.Equal(ClaimSchedule.Start, schedule.Cursor);
    }

    [Fact]
    public void A_blocking_read_knows_how_long_until_the_next_pass_falls_due()
    {
        var clock = new FakeTimeProvider();
        var schedule = new ClaimSchedule(Interval, clock);
        Assert.Equal(TimeSpan.Zero, schedule.UntilDue);

        schedule.Passed(claimed: 0, BatchSize, ClaimSchedule.Start);
        Assert.Equal(Interval, schedule.UntilDue);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(Interval - TimeSpan.FromSeconds(10), schedule.UntilDue);
        clock.Advance(Interval);
        Assert.Equal(TimeSpan.Zero, schedule.UntilDue);
    }
}

using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>A refused entry is retried until Redis has delivered it MaxDeliveries times, and decided on only by its owner.</summary>
public sealed class RefusalVerdictTests
{
    [Theory]
    [InlineData(1, 5, false)]
    [InlineData(4, 5, false)]
    [InlineData(5, 5, true)]
    [InlineData(9, 5, true)] // e.g. re-read many times through an outage before it was refused
    [InlineData(1, 1, true)]
    public void An_entry_pending_here_is_dead_lettered_once_delivered_MaxDeliveries_times(int deliveries, int max, bool deadLetter) =>
        Assert.Equal(deadLetter ? RefusalVerdict.DeadLetter : RefusalVerdict.Retry, RefusalVerdicts.For(deliveries, max));

    [Fact]
    public void An_entry_no_longer_pending_here_is_left_to_the_consumer_that_took_it_over() =>
        Assert.Equal(RefusalVerdict.NotOurs, RefusalVerdicts.For(null, 5));
}

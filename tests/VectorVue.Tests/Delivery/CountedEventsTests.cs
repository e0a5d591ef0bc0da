using StackExchange.Redis;
using VectorVue.Worker.Acknowledging;

namespace VectorVue.Tests.Delivery;

/// <summary>What an entry subtracts from its shard's counter: what was added for it, read from its <c>n</c>.</summary>
public sealed class CountedEventsTests
{
    [Theory]
    [InlineData("100", 100)]
    [InlineData("1", 1)]
    [InlineData("0", 1)]
    [InlineData("-3", 1)]
    [InlineData("x", 1)]
    [InlineData("", 1)]
    public void The_count_field_says_how_many_events_the_entry_counts_for(string n, long expected)
    {
        Assert.Equal(expected, CountedEvents.Of([new("events", "[]"), new("n", n)]));
    }

    [Fact]
    public void An_entry_from_before_the_count_existed_counts_for_one_event()
    {
        Assert.Equal(1, CountedEvents.Of([new NameValueEntry("event", "{}")]));
    }
}

using VectorVue.Worker.Maintenance;

namespace VectorVue.Tests.Delivery;

public sealed class TrimPointTests
{
    private static StreamId Id(string text) => StreamId.TryParse(text, out var id) ? id : throw new FormatException(text);

    [Fact]
    public void With_entries_pending_the_stream_is_cut_just_below_the_oldest_of_them()
    {
        var point = TrimPoint.For([(Id("1700000000000-3"), Id("1700000005000-0"))]);
        Assert.Equal("1700000000000-3", point.ToString());
    }

    [Fact]
    public void With_nothing_pending_everything_delivered_may_go_and_nothing_undelivered()
    {
        var point = TrimPoint.For([(null, Id("1700000005000-7"))]);
        Assert.Equal("1700000005000-8", point.ToString());
    }

    [Fact]
    public void The_slowest_group_decides()
    {
        var point = TrimPoint.For(
        [
            (null, Id("1700000009000-0")),
            (Id("1700000002000-0"), Id("1700000009000-0")),
            (null, Id("1700000004000-0")),
        ]);
        Assert.Equal("1700000002000-0", point.ToString());
    }

    [Fact]
    public void A_group_that_has_read_nothing_keeps_everything()
    {
        Assert.Null(TrimPoint.For([(null, Id("0-0"))]));
        Assert.Null(TrimPoint.For([]));
    }

    [Theory]
    [InlineData("1-0", "1-1")]
    [InlineData("5-18446744073709551615", "6-0")]
    public void The_successor_of_an_id_is_the_next_possible_id(string id, string next) =>
        Assert.Equal(next, Id(id).Next().ToString());

    [Theory]
    [InlineData("")]
    [InlineData("17")]
    [InlineData("-1")]
    [InlineData("a-b")]
    public void Malformed_ids_are_refused(string text) => Assert.False(StreamId.TryParse(text, out _));
}

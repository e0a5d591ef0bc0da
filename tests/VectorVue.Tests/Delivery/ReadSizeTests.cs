using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>Reads are sized in events: entries of batch requests hold many.</summary>
public sealed class ReadSizeTests
{
    [Fact]
    public void The_first_read_asks_for_one_entry_so_a_backlog_of_batch_entries_is_never_read_a_batch_of_entries_at_once()
    {
        var size = new ReadSize(batchSize: 1000);
        Assert.Equal(1, size.Entries);

        size.Observed(entries: 1, events: 100); // a batch entry of 100: 10 entries make 1,000 events
        Assert.Equal(2, size.Entries);
        foreach (var expected in (int[])[4, 8, 10, 10])
        {
            size.Observed(entries: size.Entries, events: 100L * size.Entries);
            Assert.Equal(expected, size.Entries);
        }
    }

    [Fact]
    public void Single_event_entries_grow_the_read_by_doubling_up_to_a_batch_and_batch_entries_shrink_it_at_once()
    {
        var size = new ReadSize(batchSize: 1000);
        var reads = 0;
        while (size.Entries < 1000)
        {
            size.Observed(entries: size.Entries, events: size.Entries);
            reads++;
        }

        Assert.Equal(10, reads); // 1, 2, 4 … 512, then 1,000

        size.Observed(entries: 20, events: 2000); // batch entries of 100
        Assert.Equal(10, size.Entries);
    }

    [Fact]
    public void A_read_asks_for_at_least_one_entry_and_an_empty_read_changes_nothing()
    {
        var size = new ReadSize(batchSize: 5);
        size.Observed(entries: 1, events: 10_000);
        Assert.Equal(1, size.Entries);

        size.Observed(entries: 0, events: 0);
        Assert.Equal(1, size.Entries);
    }
}

using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>Reads are sized in events: entries of batch requests hold many.</summary>
public sealed class ReadSizeTests
{
    [Fact]
    public void A_read_asks_for_a_batch_of_entries_until_entries_turn_out_to_hold_several_events()
    {
        var size = new ReadSize(batchSize: 1000);
        Assert.Equal(1000, size.Entries);

        size.Observed(entries: 20, events: 2000); // batch entries of 100
        Assert.Equal(10, size.Entries);

        size.Observed(entries: 10, events: 10); // single events again
        Assert.Equal(1000, size.Entries);
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

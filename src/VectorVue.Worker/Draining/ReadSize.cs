namespace VectorVue.Worker.Draining;

/// <summary>
/// How many entries a read of one shard asks for, so that it brings about <see cref="WorkerOptions.BatchSize"/>
/// events: an entry of a single-event request holds one, an entry of a batch request many. Follows what the last
/// read found (events per entry), between one entry and <c>batchSize</c> entries.
/// </summary>
internal sealed class ReadSize(int batchSize)
{
    private double _eventsPerEntry = 1;

    public int Entries => (int)Math.Clamp(Math.Floor(batchSize / _eventsPerEntry), 1, batchSize);

    public void Observed(int entries, long events)
    {
        if (entries > 0)
        {
            _eventsPerEntry = Math.Max(1, (double)events / entries);
        }
    }
}

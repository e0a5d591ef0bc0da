namespace VectorVue.Worker.Draining;

/// <summary>
/// How many entries a read of one shard asks for, so that it brings about <see cref="WorkerOptions.BatchSize"/>
/// events: an entry of a single-event request holds one, an entry of a batch request many. A loop knows nothing of a
/// shard before its first read, so that read asks for one entry; after each read the size moves toward what the read
/// found (<c>batchSize</c> ÷ events per entry) — down at once, up at most doubling — between one entry and
/// <c>batchSize</c> entries. Starting at <c>batchSize</c> entries instead, a fresh loop facing a backlog of batch
/// entries read a hundred times the events it meant to: 1,000 entries of 100 events, about 150 MB in memory per loop.
/// </summary>
internal sealed class ReadSize(int batchSize)
{
    private int _entries = 1;

    public int Entries => _entries;

    public void Observed(int entries, long events)
    {
        if (entries == 0)
        {
            return;
        }

        var eventsPerEntry = Math.Max(1, (double)events / entries);
        var target = (int)Math.Clamp(Math.Floor(batchSize / eventsPerEntry), 1, batchSize);
        _entries = Math.Min(target, 2 * _entries);
    }
}

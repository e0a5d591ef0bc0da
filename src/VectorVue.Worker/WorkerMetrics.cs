using System.Diagnostics.Metrics;
using System.Globalization;
using VectorVue.Contracts;

namespace VectorVue.Worker;

/// <summary>
/// What the dashboard shows of delivery: throughput, latency, retries, dead letters and the queue's state — the
/// latter per shard (tags <c>messaging.destination.partition.id</c>, the shard, and <c>messaging.destination.name</c>,
/// its stream).
/// </summary>
internal sealed class WorkerMetrics
{
    private readonly Counter<long> _stored;
    private readonly Histogram<double> _acceptToCommit;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _loopRestarts;
    private readonly Counter<long> _adminRefused;
    private readonly Counter<long> _partitionsCreated;
    private readonly Counter<long> _partitionsDropped;
    private readonly ShardState[] _shards;

    public WorkerMetrics(IMeterFactory meterFactory, StreamShards shards)
    {
        _shards = [.. Enumerable.Range(0, shards.Count).Select(shard => new ShardState(
        [
            new("messaging.destination.partition.id", shard.ToString(CultureInfo.InvariantCulture)),
            new("messaging.destination.name", shards.StreamKey(shard)),
        ]))];
        var meter = meterFactory.Create(VectorVueTelemetry.MeterName);
        _stored = meter.CreateCounter<long>("vectorvue.worker.events.stored", "{event}", "Events committed to client_activity_events.");
        _acceptToCommit = meter.CreateHistogram<double>("vectorvue.worker.accept_to_commit", "ms",
            "Time from the API's 202 (received_at) to the commit of the row.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000] });
        _retries = meter.CreateCounter<long>("vectorvue.worker.retries", "{retry}", "Batches retried after PostgreSQL or Redis failed.");
        _deadLetters = meter.CreateCounter<long>("vectorvue.worker.dead_letters", "{entry}", "Entries moved to the dead letters.");
        _loopRestarts = meter.CreateCounter<long>("vectorvue.worker.loop_restarts", "{restart}",
            "Drain loops restarted after failing with an exception they do not handle.");
        _adminRefused = meter.CreateCounter<long>("vectorvue.worker.admin.unauthorized", "{request}",
            "Requests to the worker's admin endpoints refused for want of a valid admin key.");
        _partitionsCreated = meter.CreateCounter<long>("vectorvue.worker.partitions_created", "{partition}",
            "Monthly partitions of client_activity_events created ahead of their events (or for rows in the default partition).");
        _partitionsDropped = meter.CreateCounter<long>("vectorvue.worker.partitions_dropped", "{partition}",
            "Monthly partitions of client_activity_events dropped once older than the retention.");
        meter.CreateObservableGauge("vectorvue.queue.length", () => Each(s => s.StreamLength), "{entry}", "Entries in the shard's stream.");
        meter.CreateObservableGauge("vectorvue.queue.pending", () => Each(s => s.Pending), "{entry}", "Entries delivered but not yet acknowledged.");
        meter.CreateObservableGauge("vectorvue.queue.lag", () => Each(s => s.Lag), "{entry}", "Entries not yet delivered to any worker.");
        meter.CreateObservableGauge("vectorvue.queue.events", () => Each(s => s.QueuedEvents), "{event}",
            "Events queued in the shard and not yet acknowledged (its counter, which the high-water mark reads).");
    }

    public void Stored(int count, IEnumerable<DateTimeOffset> receivedAt, DateTimeOffset committedAt)
    {
        _stored.Add(count);
        foreach (var accepted in receivedAt)
        {
            _acceptToCommit.Record((committedAt - accepted).TotalMilliseconds);
        }
    }

    public void Retried() => _retries.Add(1);

    public void LoopRestarted(Exception exception) =>
        _loopRestarts.Add(1, new KeyValuePair<string, object?>("error.type", exception.GetType().FullName));

    public void AdminRefused() => _adminRefused.Add(1);

    public void PartitionsCreated(int count) => _partitionsCreated.Add(count);

    public void PartitionsDropped(int count) => _partitionsDropped.Add(count);

    public void DeadLettered(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Observed(int shard, long streamLength, long pending, long lag, long queuedEvents)
    {
        var state = _shards[shard];
        Volatile.Write(ref state.StreamLength, streamLength);
        Volatile.Write(ref state.Pending, pending);
        Volatile.Write(ref state.Lag, lag);
        Volatile.Write(ref state.QueuedEvents, queuedEvents);
    }

    public void ObservedQueuedEvents(int shard, long queuedEvents) => Volatile.Write(ref _shards[shard].QueuedEvents, queuedEvents);

    private IEnumerable<Measurement<long>> Each(Func<ShardState, long> read) =>
        _shards.Select(state => new Measurement<long>(read(state), state.Tags));

    private sealed class ShardState(KeyValuePair<string, object?>[] tags)
    {
        public readonly KeyValuePair<string, object?>[] Tags = tags;
        public long StreamLength;
        public long Pending;
        public long Lag;
        public long QueuedEvents;
    }
}

using System.Diagnostics.Metrics;

namespace VectorVue.Worker;

/// <summary>What the dashboard shows of delivery: throughput, latency, retries, dead letters and the queue's state.</summary>
internal sealed class WorkerMetrics
{
    private readonly Counter<long> _stored;
    private readonly Histogram<double> _acceptToCommit;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _loopRestarts;
    private readonly Counter<long> _adminRefused;
    private long _streamLength;
    private long _pending;
    private long _lag;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
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
        meter.CreateObservableGauge("vectorvue.queue.length", () => Volatile.Read(ref _streamLength), "{entry}", "Entries in the events stream.");
        meter.CreateObservableGauge("vectorvue.queue.pending", () => Volatile.Read(ref _pending), "{entry}", "Entries delivered but not yet acknowledged.");
        meter.CreateObservableGauge("vectorvue.queue.lag", () => Volatile.Read(ref _lag), "{entry}", "Entries not yet delivered to any worker.");
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

    public void DeadLettered(string reason) => _deadLetters.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Observed(long streamLength, long pending, long lag)
    {
        Volatile.Write(ref _streamLength, streamLength);
        Volatile.Write(ref _pending, pending);
        Volatile.Write(ref _lag, lag);
    }
}

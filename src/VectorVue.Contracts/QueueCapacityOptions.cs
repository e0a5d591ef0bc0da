using System.ComponentModel.DataAnnotations;

namespace VectorVue.Contracts;

/// <summary>
/// How many events each shard of the queue may hold: queued (accepted into the shard's stream) and not yet
/// acknowledged by the workers, as the shard's counter (<see cref="StreamShards.QueuedCounterKey"/>) says. One key for
/// every service that adds to the streams: the API answers 503 <c>queue_full</c> to a request whose events would take
/// a shard past it, and the worker's dead-letter re-drive stops there. Bound from <c>VectorVue:Ingestion</c>
/// (<c>VectorVue:Ingestion:QueueHighWaterMark</c>), where the setting has always lived.
/// </summary>
public sealed class QueueCapacityOptions
{
    public const string SectionName = "VectorVue:Ingestion";

    public const long DefaultHighWaterMark = 500_000;

    /// <summary>Queued events per shard (not entries: a batch's entry counts its events) beyond which nothing more is added.</summary>
    [Range(1, long.MaxValue)]
    public long QueueHighWaterMark { get; set; } = DefaultHighWaterMark;
}

using System.ComponentModel.DataAnnotations;

namespace VectorVue.Contracts;

/// <summary>
/// How much the events stream may hold. One key for every service that adds to the stream: the API answers 503
/// <c>queue_full</c> from it on, and the worker's dead-letter re-drive stops there. Bound from
/// <c>VectorVue:Ingestion</c> (<c>VectorVue:Ingestion:QueueHighWaterMark</c>), where the setting has always lived.
/// </summary>
public sealed class QueueCapacityOptions
{
    public const string SectionName = "VectorVue:Ingestion";

    public const long DefaultHighWaterMark = 500_000;

    /// <summary>Entries in the stream from which nothing more is added to it.</summary>
    [Range(1, long.MaxValue)]
    public long QueueHighWaterMark { get; set; } = DefaultHighWaterMark;
}

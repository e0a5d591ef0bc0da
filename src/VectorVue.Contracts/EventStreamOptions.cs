using System.ComponentModel.DataAnnotations;

namespace VectorVue.Contracts;

/// <summary>Where queued events live in Redis. Bound from <c>VectorVue:Stream</c> by both producer and consumer.</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "VectorVue:Stream";

    /// <summary>Redis key of the events stream.</summary>
    [Required]
    public string StreamKey { get; set; } = "vectorvue:events";

    /// <summary>Consumer group the workers read with.</summary>
    [Required]
    public string ConsumerGroup { get; set; } = "vectorvue-workers";
}

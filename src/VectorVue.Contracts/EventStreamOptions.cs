using System.ComponentModel.DataAnnotations;

namespace VectorVue.Contracts;

/// <summary>Where queued events live in Redis. Bound from <c>VectorVue:Stream</c> by both producer and consumer.</summary>
public sealed class EventStreamOptions
{
    public const string SectionName = "VectorVue:Stream";

    /// <summary>Most shards the layout allows.</summary>
    public const int MaxShards = 64;

    /// <summary>
    /// Redis key of the events stream (with one shard), and the stem of every shard's key and hash tag
    /// (<see cref="StreamShards"/>). No braces: they would change which part of a key Redis Cluster hashes.
    /// </summary>
    [Required]
    [RegularExpression(@"^[^{}\s]+$", ErrorMessage = "The stream key must not be empty nor contain braces or white space.")]
    public string StreamKey { get; set; } = "vectorvue:events";

    /// <summary>Consumer group the workers read with, the same on every shard's stream.</summary>
    [Required]
    public string ConsumerGroup { get; set; } = "vectorvue-workers";

    /// <summary>
    /// Streams the events are spread over, by tenant (<see cref="StreamShards.ShardOf"/>): 1 keeps the single stream
    /// <see cref="StreamKey"/>; more put each shard on its own Redis Cluster hash slot range.
    /// </summary>
    [Range(1, MaxShards)]
    public int Shards { get; set; } = 1;
}

using System.ComponentModel.DataAnnotations;

namespace VectorVue.Worker;

/// <summary>How the worker drains the stream. Bound from <c>VectorVue:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "VectorVue:Worker";

    /// <summary>
    /// Most events stored in one transaction. Reads are sized to bring about this many events: an entry of a batch
    /// request holds many (docs/delivery.md, "Reading").
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// Drain loops in this process, each a consumer of the group with a batch in flight of its own: a batch spends
    /// most of its time waiting on Redis and on PostgreSQL's commit, so several loops keep both busy.
    /// </summary>
    [Range(1, 64)]
    public int Consumers { get; set; } = 4;

    /// <summary>
    /// Longest a read waits in Redis for new entries (<c>XREADGROUP BLOCK</c>, on the loop's own connection) before the
    /// loop looks at its other shards and its takeover schedule again. An idle worker sends one read per loop per
    /// this time and uses no CPU in between; a new entry is read the moment it arrives. A loop serving several shards
    /// spends it over a whole round of them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan ReadBlockTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Entries another consumer has held unacknowledged this long are taken over (it is presumed dead).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries after which an entry PostgreSQL keeps refusing goes to the dead letters.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>First pause after PostgreSQL or Redis failed; doubled per failure (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest pause between retries while PostgreSQL or Redis is down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On shutdown, how long the batch in flight may take to commit before it is abandoned unacknowledged.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often acknowledged entries are trimmed from the stream and queue metrics sampled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consumers idle this long with nothing pending are removed from the group.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ForgetIdleConsumersAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Name of this consumer in the group; defaults to host name and process id.</summary>
    public string? ConsumerName { get; set; }

    /// <summary>Dead letters re-driven per transaction (each chunk is added to the stream, then marked, then committed).</summary>
    [Range(1, 10_000)]
    public int RedriveChunkSize { get; set; } = 500;

    /// <summary>Redis stream the dead letters are also published on (the table is the record).</summary>
    [Required]
    public string DeadLetterStreamKey { get; set; } = "vectorvue:events:dead";
}

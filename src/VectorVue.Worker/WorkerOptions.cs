using System.ComponentModel.DataAnnotations;

namespace VectorVue.Worker;

/// <summary>How the worker drains the stream. Bound from <c>VectorVue:Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "VectorVue:Worker";

    /// <summary>Most entries read and stored in one transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Pause after a read that found nothing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Entries another consumer has held unacknowledged this long are taken over (it is presumed dead).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause before retrying after PostgreSQL or Redis failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Name of this consumer in the group; defaults to host name and process id.</summary>
    public string? ConsumerName { get; set; }
}

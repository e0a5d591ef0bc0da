using System.ComponentModel.DataAnnotations;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>Limits of the ingestion endpoint. Bound from <c>VectorVue:Ingestion</c>.</summary>
public sealed class IngestionOptions : IValidatableObject
{
    public const string SectionName = "VectorVue:Ingestion";

    /// <summary>The levels a batch adds around its events: the envelope object and its <c>events</c> array.</summary>
    public const int BatchEnvelopeDepth = 2;

    /// <summary>Largest accepted body of a single event, in bytes (413 above it).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxEventBodyBytes { get; set; } = 16 * 1024;

    /// <summary>Largest accepted batch body, in bytes (413 above it).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBatchBodyBytes { get; set; } = 512 * 1024;

    /// <summary>Most events in one batch.</summary>
    [Range(1, 10_000)]
    public int MaxBatchEvents { get; set; } = 100;

    /// <summary>
    /// Deepest JSON nesting of an event accepted (400 beyond it). A batch may nest <see cref="BatchEnvelopeDepth"/>
    /// levels deeper, so an event valid on its own is valid inside a batch.
    /// </summary>
    [Range(2, 64)]
    public int MaxJsonDepth { get; set; } = 8;

    /// <summary>How far in the past an event's <c>timestamp</c> may lie, relative to its receipt.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How far in the future an event's <c>timestamp</c> may lie (client clocks run fast).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxClockAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Retry-After</c> seconds sent with 503 when the queue cannot take an event.</summary>
    [Range(1, 3600)]
    public int QueueUnavailableRetryAfterSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBatchBodyBytes < MaxEventBodyBytes)
        {
            yield return new ValidationResult(
                $"{SectionName}:MaxBatchBodyBytes ({MaxBatchBodyBytes}) is below {SectionName}:MaxEventBodyBytes ({MaxEventBodyBytes}): " +
                "an event accepted on its own could not be sent in a batch. Raise MaxBatchBodyBytes or lower MaxEventBodyBytes.",
                [nameof(MaxBatchBodyBytes), nameof(MaxEventBodyBytes)]);
        }
    }
}

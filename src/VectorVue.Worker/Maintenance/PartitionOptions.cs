using System.ComponentModel.DataAnnotations;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// The monthly partitions of <c>client_activity_events</c>: how often they are maintained, how far ahead they are
/// created and how long events are kept (docs/storage.md, "Maintenance and retention"). Bound from
/// <c>VectorVue:Worker:Partitions</c>.
/// </summary>
public sealed class PartitionOptions : IValidatableObject
{
    public const string SectionName = "VectorVue:Worker:Partitions";

    /// <summary>
    /// Shortest retention other than "forever": anything shorter could drop the previous month's partition, which every
    /// run creates (late events, up to the API's <c>MaxEventAge</c> old, still arrive for it).
    /// </summary>
    public const int MinimumRetentionDays = 31;

    /// <summary>Time between two maintenance runs (the first runs when the worker starts).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Months after the current one whose partitions exist ahead of their events.</summary>
    [Range(1, 24)]
    public int MonthsAhead { get; set; } = 3;

    /// <summary>
    /// Days events are kept: a month's partition is dropped once its whole month is older than this. 0 keeps every
    /// event forever.
    /// </summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 400;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetentionDays is > 0 and < MinimumRetentionDays)
        {
            yield return new ValidationResult(
                $"{SectionName}:RetentionDays ({RetentionDays}) is below {MinimumRetentionDays}: it would drop the previous month's partition, " +
                "which every maintenance run creates again for late events. Use 0 (keep forever) or at least " +
                $"{MinimumRetentionDays}.",
                [nameof(RetentionDays)]);
        }
    }
}

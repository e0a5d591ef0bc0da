namespace VectorVue.Analytics.Reports;

/// <summary>
/// The 0–100 defensive-responsiveness score (version 1). Fixed, not configurable, so that scores compare across
/// tenants and over time:
/// <code>
/// score = 100 × Σ(weight × value) / Σ weight, over the components that have data
///   acknowledgement_rate   (30)  acknowledged findings / viewed findings
///   completion_rate        (30)  completed remediations / opened remediations
///   acknowledgement_speed  (20)  min(1, 240 min / MTTA); 0 when nothing viewed was acknowledged
///   remediation_speed      (20)  min(1, 168 h / MTTR); 0 when nothing opened was completed
/// </code>
/// A component without data (no finding viewed, no remediation opened) is left out and the others are rescaled;
/// with no component at all the score is null.
/// </summary>
public sealed record ResponsivenessScore(decimal? Value, string Formula, IReadOnlyList<ScoreComponent> Components, string Explanation)
{
    public const decimal AcknowledgeTargetMinutes = 240;
    public const decimal RemediateTargetHours = 168;

    public const string FormulaText =
        "score = 100 * sum(weight * value) / sum(weight) over components with data; " +
        "acknowledgement_rate (30) = acknowledged / viewed findings; completion_rate (30) = completed / opened remediations; " +
        "acknowledgement_speed (20) = min(1, 240 / MTTA minutes), 0 if none acknowledged; " +
        "remediation_speed (20) = min(1, 168 / MTTR hours), 0 if none completed";

    public static ResponsivenessScore Compute(
        long findingsViewed, long findingsAcknowledged, decimal? mttaMinutes,
        long remediationsOpened, long remediationsCompleted, decimal? mttrHours)
    {
        var inputs = new (string Name, decimal? Value, int Weight, string Explanation)[]
        {
            ("acknowledgement_rate", Rate(findingsAcknowledged, findingsViewed), 30,
                findingsViewed == 0 ? "no finding viewed in the window"
                    : $"{findingsAcknowledged} of {findingsViewed} viewed findings acknowledged"),
            ("completion_rate", Rate(remediationsCompleted, remediationsOpened), 30,
                remediationsOpened == 0 ? "no remediation opened in the window"
                    : $"{remediationsCompleted} of {remediationsOpened} opened remediations completed"),
            ("acknowledgement_speed", Speed(findingsViewed, findingsAcknowledged, mttaMinutes, AcknowledgeTargetMinutes), 20,
                findingsViewed == 0 ? "no finding viewed in the window"
                    : mttaMinutes is null ? "no viewed finding was acknowledged"
                    : $"MTTA {mttaMinutes} min against a target of {AcknowledgeTargetMinutes} min"),
            ("remediation_speed", Speed(remediationsOpened, remediationsCompleted, mttrHours, RemediateTargetHours), 20,
                remediationsOpened == 0 ? "no remediation opened in the window"
                    : mttrHours is null ? "no opened remediation was completed"
                    : $"MTTR {mttrHours} h against a target of {RemediateTargetHours} h"),
        };

        var availableWeight = inputs.Where(i => i.Value is not null).Sum(i => i.Weight);
        var components = inputs.Select(i => new ScoreComponent(
            i.Name,
            i.Value is { } v ? Math.Round(v, 4, MidpointRounding.AwayFromZero) : null,
            i.Weight,
            i.Value is { } value ? Math.Round(100m * i.Weight * value / availableWeight, 1, MidpointRounding.AwayFromZero) : null,
            i.Explanation)).ToList();

        if (availableWeight == 0)
        {
            return new ResponsivenessScore(null, FormulaText, components,
                "No finding was viewed and no remediation opened in the window: there is nothing to score.");
        }

        var weighted = inputs.Where(i => i.Value is not null).Sum(i => i.Weight * i.Value!.Value);
        var score = Math.Round(100m * weighted / availableWeight, 1, MidpointRounding.AwayFromZero);
        var used = string.Join(", ", components.Where(c => c.Points is not null).Select(c => $"{c.Name} {c.Points}"));
        return new ResponsivenessScore(score, FormulaText, components, $"{score} of 100 points: {used}.");
    }

    private static decimal? Rate(long part, long whole) => whole == 0 ? null : (decimal)part / whole;

    /// <summary>1 at or under the target, target/mean above it; 0 when there were items but none finished.</summary>
    private static decimal? Speed(long started, long finished, decimal? mean, decimal target) =>
        started == 0 ? null
        : finished == 0 || mean is null ? 0m
        : mean.Value <= target ? 1m
        : target / mean.Value;
}

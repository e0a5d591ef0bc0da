namespace VectorVue.Analytics.Figures;

/// <summary>
/// What a tenant did with its findings in a window, for one scope (a severity, or <see cref="SeverityScope.Any"/>).
/// A finding belongs to a severity's scope when it has a FINDING_VIEWED carrying that severity; its first view is
/// the earliest such view, its first acknowledgement the earliest FINDING_ACKNOWLEDGED of the finding (any
/// severity); it counts as acknowledged when that acknowledgement is at or after the first view (docs/analytics.md).
/// </summary>
/// <param name="Scope">The severity, or "any".</param>
/// <param name="Viewed">Distinct findings viewed.</param>
/// <param name="Views">FINDING_VIEWED events (repeated views included).</param>
/// <param name="Acknowledged">Viewed findings whose first acknowledgement is at or after their first view.</param>
/// <param name="AcknowledgeMinutes">First view → first acknowledgement, in minutes, over the acknowledged findings.</param>
public sealed record FindingFigures(string Scope, long Viewed, long Views, long Acknowledged, DurationStats AcknowledgeMinutes)
{
    public static FindingFigures Empty(string scope) => new(scope, 0, 0, 0, DurationStats.Empty);
}

namespace VectorVue.Analytics.Figures;

/// <summary>
/// What a tenant did with remediations opened in a window, for one scope (the severity carried by a
/// remediation's first REMEDIATION_OPENED, or <see cref="SeverityScope.Any"/>). A remediation is completed when its
/// first REMEDIATION_COMPLETED is at or after its first opening (docs/analytics.md); otherwise it is in the backlog.
/// </summary>
/// <param name="Scope">The severity, or "any".</param>
/// <param name="Opened">Distinct remediations with a REMEDIATION_OPENED in the window.</param>
/// <param name="Completed">Of those, the ones completed at or after their first opening.</param>
/// <param name="OldestOpenSince">The first opening of the oldest remediation still in the backlog, if any.</param>
/// <param name="RemediateHours">First opening → first completion, in hours, over the completed remediations.</param>
public sealed record RemediationFigures(string Scope, long Opened, long Completed, DateTimeOffset? OldestOpenSince, DurationStats RemediateHours)
{
    public long Backlog => Opened - Completed;

    public static RemediationFigures Empty(string scope) => new(scope, 0, 0, null, DurationStats.Empty);
}

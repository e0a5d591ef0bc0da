namespace VectorVue.Analytics.Figures;

/// <summary>Every figure of one tenant over one window, as computed by <see cref="TenantFiguresReader"/>; the reports are built from it.</summary>
public sealed record TenantFigures(
    Guid TenantId,
    AnalyticsWindow Window,
    IReadOnlyDictionary<string, FindingFigures> Findings,
    IReadOnlyDictionary<string, RemediationFigures> Remediations,
    ActivityFigures Activity)
{
    /// <summary>The findings of a scope (a severity or "any"); empty figures when nothing was viewed in it.</summary>
    public FindingFigures FindingsOf(string scope) =>
        Findings.TryGetValue(scope, out var figures) ? figures : FindingFigures.Empty(scope);

    /// <summary>The remediations of a scope (a severity or "any"); empty figures when nothing was opened in it.</summary>
    public RemediationFigures RemediationsOf(string scope) =>
        Remediations.TryGetValue(scope, out var figures) ? figures : RemediationFigures.Empty(scope);
}

using VectorVue.Contracts;

namespace VectorVue.Analytics;

/// <summary>
/// The scopes figures are grouped by: each of the contract's <see cref="Severities"/>, and <see cref="Any"/> for
/// every event whatever its severity (including events without one).
/// </summary>
public static class SeverityScope
{
    public const string Any = "any";

    /// <summary>Every severity, most severe first, then <see cref="Any"/>.</summary>
    public static readonly IReadOnlyList<string> All = [.. Severities.All, Any];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);
}

namespace VectorVue.Contracts;

/// <summary>The severities an event may carry (or none), spelled as they are stored (lower case).</summary>
public static class Severities
{
    public const string Critical = "critical", High = "high", Medium = "medium", Low = "low";

    /// <summary>Every severity, most severe first: the order of the database's CHECK constraint and of every per-severity list.</summary>
    public static readonly IReadOnlyList<string> All = [Critical, High, Medium, Low];

    /// <summary>Whether <paramref name="severity"/> is a severity of the contract (exact, stored spelling).</summary>
    public static bool IsKnown(string severity) => All.Contains(severity, StringComparer.Ordinal);
}

namespace VectorVue.Analytics;

/// <summary>The finding severities of the contract, most severe first, and the scope names figures are grouped by.</summary>
public static class Severities
{
    public const string Critical = "critical";
    public const string High = "high";
    public const string Medium = "medium";
    public const string Low = "low";

    /// <summary>The scope of a figure over every severity (including events without one).</summary>
    public const string Any = "any";

    public static readonly IReadOnlyList<string> All = [Critical, High, Medium, Low];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}

namespace VectorVue.Seeder;

/// <summary>The contract's severities, in the order the per-severity profile parameters use.</summary>
internal enum Severity
{
    Critical,
    High,
    Medium,
    Low,
}

internal static class SeverityNames
{
    private static readonly string[] Names = ["critical", "high", "medium", "low"];

    public static string Name(this Severity severity) => Names[(int)severity];
}

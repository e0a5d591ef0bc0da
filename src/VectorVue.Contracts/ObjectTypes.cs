namespace VectorVue.Contracts;

/// <summary>
/// The object types of the contract, spelled as they are stored (lower case); <see cref="EventTypes.ObjectTypeOf"/>
/// says which event type is about which.
/// </summary>
public static class ObjectTypes
{
    public const string Finding = "finding", Report = "report", Dashboard = "dashboard", Remediation = "remediation";

    /// <summary>Every object type, in the order the database's CHECK constraint lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Finding, Report, Dashboard, Remediation];

    /// <summary>Whether <paramref name="objectType"/> is an object type of the contract (exact, stored spelling).</summary>
    public static bool IsKnown(string objectType) => All.Contains(objectType, StringComparer.Ordinal);
}

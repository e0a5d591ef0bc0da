using System.Collections.Frozen;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>The event model (docs/ingestion-contract.md): which event types exist and which object each one is about.</summary>
internal static class EventCatalog
{
    /// <summary>Event type (stored upper-case) → the object type it must name (stored lower-case).</summary>
    public static readonly FrozenDictionary<string, string> ObjectTypeOfEvent = new Dictionary<string, string>
    {
        ["FINDING_VIEWED"] = "finding",
        ["FINDING_ACKNOWLEDGED"] = "finding",
        ["REMEDIATION_OPENED"] = "remediation",
        ["REMEDIATION_COMPLETED"] = "remediation",
        ["REPORT_DOWNLOADED"] = "report",
        ["DASHBOARD_VIEWED"] = "dashboard",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenSet<string> ObjectTypes =
        FrozenSet.Create(StringComparer.Ordinal, "finding", "report", "dashboard", "remediation");

    public static readonly FrozenSet<string> Severities =
        FrozenSet.Create(StringComparer.Ordinal, "critical", "high", "medium", "low");

    public static readonly string EventTypeList = string.Join(", ", ObjectTypeOfEvent.Keys.Order(StringComparer.Ordinal));
    public static readonly string ObjectTypeList = string.Join(", ", ObjectTypes.Order(StringComparer.Ordinal));
    public static readonly string SeverityList = "critical, high, medium, low";
}

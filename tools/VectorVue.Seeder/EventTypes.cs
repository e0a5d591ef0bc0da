namespace VectorVue.Seeder;

/// <summary>The contract's event and object types, spelled as they are stored.</summary>
internal static class EventTypes
{
    public const string FindingViewed = "FINDING_VIEWED";
    public const string FindingAcknowledged = "FINDING_ACKNOWLEDGED";
    public const string RemediationOpened = "REMEDIATION_OPENED";
    public const string RemediationCompleted = "REMEDIATION_COMPLETED";
    public const string ReportDownloaded = "REPORT_DOWNLOADED";
    public const string DashboardViewed = "DASHBOARD_VIEWED";

    public const string Finding = "finding";
    public const string Remediation = "remediation";
    public const string Report = "report";
    public const string Dashboard = "dashboard";

    /// <summary>The object type each event type must carry.</summary>
    public static string ObjectTypeOf(string eventType) => eventType switch
    {
        FindingViewed or FindingAcknowledged => Finding,
        RemediationOpened or RemediationCompleted => Remediation,
        ReportDownloaded => Report,
        DashboardViewed => Dashboard,
        _ => throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "Not an event type of the contract."),
    };
}

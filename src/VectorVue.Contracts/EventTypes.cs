namespace VectorVue.Contracts;

/// <summary>
/// The event types of the contract, spelled as they are stored (upper case), and the object type each one is about.
/// The API accepts nothing else, the database's CHECK constraints are generated from <see cref="All"/>, and the
/// analytics SQL, the seeder and the bench name events through these constants.
/// </summary>
public static class EventTypes
{
    // One line per object type the events are about (ObjectTypeOf below is that pairing).
    public const string FindingViewed = "FINDING_VIEWED", FindingAcknowledged = "FINDING_ACKNOWLEDGED";
    public const string RemediationOpened = "REMEDIATION_OPENED", RemediationCompleted = "REMEDIATION_COMPLETED";
    public const string ReportDownloaded = "REPORT_DOWNLOADED";
    public const string DashboardViewed = "DASHBOARD_VIEWED";

    /// <summary>Every event type, in the order the database's CHECK constraint lists them.</summary>
    public static readonly IReadOnlyList<string> All =
        [FindingViewed, FindingAcknowledged, RemediationOpened, RemediationCompleted, ReportDownloaded, DashboardViewed];

    /// <summary>Whether <paramref name="eventType"/> is an event type of the contract (exact, stored spelling).</summary>
    public static bool IsKnown(string eventType) => All.Contains(eventType, StringComparer.Ordinal);

    /// <summary>The pairing: the one object type an event of <paramref name="eventType"/> must name.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not an event type of the contract.</exception>
    public static string ObjectTypeOf(string eventType) => eventType switch
    {
        FindingViewed or FindingAcknowledged => ObjectTypes.Finding,
        RemediationOpened or RemediationCompleted => ObjectTypes.Remediation,
        ReportDownloaded => ObjectTypes.Report,
        DashboardViewed => ObjectTypes.Dashboard,
        _ => throw new ArgumentOutOfRangeException(nameof(eventType), eventType, "Not an event type of the contract."),
    };
}

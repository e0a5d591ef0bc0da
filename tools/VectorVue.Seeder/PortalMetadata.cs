namespace VectorVue.Seeder;

/// <summary>
/// The small <c>metadata_json</c> objects the portal sends with each action: where in the portal it happened and
/// nothing about who or from where (no address, user agent or typed text).
/// </summary>
internal static class PortalMetadata
{
    public const string FindingList = """{"source":"portal","page":"findings","view":"list"}""";
    public const string FindingDetail = """{"source":"portal","page":"findings","view":"detail"}""";
    public const string Acknowledge = """{"source":"portal","page":"findings","view":"detail","bulk":false}""";
    public const string Dashboard = """{"source":"portal","page":"dashboard"}""";
    public const string ReportPdf = """{"source":"portal","page":"reports","format":"pdf"}""";
    public const string ReportCsv = """{"source":"portal","page":"reports","format":"csv"}""";

    /// <summary>A remediation names the finding it fixes (an object id, not user input).</summary>
    public static string Remediation(string findingId) =>
        $$"""{"source":"portal","page":"remediation","finding_id":"{{findingId}}"}""";
}

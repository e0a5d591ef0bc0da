namespace VectorVue.MigrationService.Data;

/// <summary>
/// The closed vocabularies the database enforces with CHECK constraints, so that nothing outside the contract's
/// event model can be stored even by a client that bypasses the API.
/// </summary>
internal static class EventVocabulary
{
    public const string EventTypes =
        "'FINDING_VIEWED', 'FINDING_ACKNOWLEDGED', 'REMEDIATION_OPENED', 'REMEDIATION_COMPLETED', 'REPORT_DOWNLOADED', 'DASHBOARD_VIEWED'";

    public const string ObjectTypes = "'finding', 'report', 'dashboard', 'remediation'";

    public const string Severities = "'critical', 'high', 'medium', 'low'";
}

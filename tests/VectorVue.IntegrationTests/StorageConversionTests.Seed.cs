using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace VectorVue.IntegrationTests;

public sealed partial class StorageConversionTests
{
    private static readonly Guid TenantA = Guid.Parse("c0a7e000-0000-4000-8000-00000000000a");
    private static readonly Guid TenantB = Guid.Parse("c0a7e000-0000-4000-8000-00000000000b");
    private static readonly Guid UserA = Guid.Parse("c0a7e000-0000-4000-8000-0000000000a1");
    private static readonly Guid UserB = Guid.Parse("c0a7e000-0000-4000-8000-0000000000b1");

    /// <summary>Where a row of the old schema was: both tables (as the worker wrote it), one of them only.</summary>
    private enum Stored
    {
        Both,
        ClientOnly,
        AnalyticsOnly,
    }

    /// <summary>One event of the old schema. <see cref="ReceivedAt"/> is <c>received_at</c>, or <c>ingested_at</c> of an analytics-only row.</summary>
    private sealed record OldEvent(
        Guid Id, Guid TenantId, Guid? UserId, string EventType, string ObjectType, string? ObjectId, string? Severity,
        DateTime Timestamp, string? MetadataJson, DateTime ReceivedAt, Stored Where);

    private static DateTime At(string instant) =>
        DateTime.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static OldEvent Event(
        Guid tenant, string type, string objectType, string? objectId, string? severity, string timestamp,
        Stored where = Stored.Both, Guid? user = null, string? metadata = null) =>
        new(Guid.NewGuid(), tenant, user, type, objectType, objectId, severity, At(timestamp), metadata,
            At(timestamp).AddSeconds(2), where);

    /// <summary>
    /// Events over several months (a leap day, a month boundary to the second, a month only an analytics-only row
    /// has), listed out of time order: views after acknowledgements, the same finding id in two tenants, openings
    /// tied at one instant with several severities and none, rows in one table only.
    /// </summary>
    private static List<OldEvent> OldEvents() =>
    [
        // Finding f-1 of tenant A: acknowledged before its first view and again later; views of three severities.
        Event(TenantA, "FINDING_VIEWED", "finding", "f-1", "high", "2025-07-10T08:00:00Z", user: UserA),
        Event(TenantA, "FINDING_ACKNOWLEDGED", "finding", "f-1", null, "2025-08-01T09:30:00Z", user: UserA),
        Event(TenantA, "FINDING_VIEWED", "finding", "f-1", "critical", "2025-06-03T10:00:00Z", user: UserA, metadata: """{"view": "detail"}"""),
        Event(TenantA, "FINDING_ACKNOWLEDGED", "finding", "f-1", null, "2025-06-01T07:00:00Z", Stored.ClientOnly),
        Event(TenantA, "FINDING_VIEWED", "finding", "f-1", "critical", "2025-06-02T23:59:59Z", Stored.AnalyticsOnly),
        Event(TenantA, "FINDING_VIEWED", "finding", "f-1", "low", "2025-07-10T08:00:00Z"),
        // Finding f-2: viewed without a severity on the last second of September, then as medium on 1 October.
        Event(TenantA, "FINDING_VIEWED", "finding", "f-2", "medium", "2025-10-01T00:00:00Z", user: UserA),
        Event(TenantA, "FINDING_VIEWED", "finding", "f-2", null, "2025-09-30T23:59:59Z", user: UserA),
        Event(TenantA, "FINDING_VIEWED", "finding", "f-2", "medium", "2025-09-01T12:00:00Z", Stored.AnalyticsOnly),
        // The same finding id in tenant B is another finding; f-3 was only ever acknowledged (on a leap day).
        Event(TenantB, "FINDING_VIEWED", "finding", "f-1", "low", "2025-11-15T16:00:00Z", user: UserB),
        Event(TenantB, "FINDING_ACKNOWLEDGED", "finding", "f-3", null, "2024-02-29T12:00:00Z", user: UserB),
        Event(TenantB, "FINDING_VIEWED", "finding", null, "high", "2025-11-15T16:00:00Z"),
        // Remediations: openings tied at one instant (the smallest severity text wins, none last), one only completed.
        Event(TenantA, "REMEDIATION_OPENED", "remediation", "r-1", "medium", "2025-08-05T10:00:00Z"),
        Event(TenantA, "REMEDIATION_COMPLETED", "remediation", "r-1", null, "2025-08-07T10:00:00Z"),
        Event(TenantA, "REMEDIATION_OPENED", "remediation", "r-1", null, "2025-08-05T10:00:00Z"),
        Event(TenantA, "REMEDIATION_OPENED", "remediation", "r-1", "critical", "2025-08-05T10:00:00Z", Stored.ClientOnly),
        Event(TenantA, "REMEDIATION_OPENED", "remediation", "r-5", "high", "2025-08-04T10:00:00Z", Stored.AnalyticsOnly),
        Event(TenantA, "REMEDIATION_OPENED", "remediation", "r-2", "low", "2025-08-05T11:00:00Z"),
        Event(TenantA, "REMEDIATION_OPENED", "remediation", "r-2", null, "2025-08-05T10:00:00Z"),
        Event(TenantA, "REMEDIATION_COMPLETED", "remediation", "r-2", null, "2025-08-01T10:00:00Z"),
        Event(TenantB, "REMEDIATION_OPENED", "remediation", "r-3", "high", "2025-11-20T10:00:00Z"),
        Event(TenantB, "REMEDIATION_OPENED", "remediation", "r-3", null, "2025-11-20T10:00:00Z"),
        Event(TenantB, "REMEDIATION_COMPLETED", "remediation", "r-4", null, "2025-11-21T10:00:00Z"),
        // Reports and dashboards: the same report twice a day, a download without an object, a month only an
        // analytics-only row has.
        Event(TenantA, "REPORT_DOWNLOADED", "report", "rep-1", null, "2025-07-10T09:00:00Z", user: UserA),
        Event(TenantA, "REPORT_DOWNLOADED", "report", "rep-1", null, "2025-07-10T17:00:00Z", user: UserA),
        Event(TenantA, "REPORT_DOWNLOADED", "report", "rep-2", null, "2025-07-11T00:00:00Z"),
        Event(TenantA, "REPORT_DOWNLOADED", "report", null, null, "2025-07-11T01:00:00Z", Stored.ClientOnly),
        Event(TenantA, "DASHBOARD_VIEWED", "dashboard", null, null, "2025-07-10T23:59:59Z", user: UserA, metadata: """{"panel": 3}"""),
        Event(TenantB, "DASHBOARD_VIEWED", "dashboard", null, null, "2024-12-24T18:00:00Z", Stored.AnalyticsOnly),
        Event(TenantB, "DASHBOARD_VIEWED", "dashboard", null, null, "2025-11-15T16:00:00Z", user: UserB),
        Event(TenantB, "DASHBOARD_VIEWED", "dashboard", null, null, "2025-11-15T17:00:00Z", user: UserB),
    ];

    /// <summary>Fills the old schema (up to <c>Analytics_EventsBackfill</c>) as a running system and its worker would have.</summary>
    private static async Task SeedOldSchemaAsync(NpgsqlConnection connection, IReadOnlyList<OldEvent> events)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var tenant in (Guid[])[TenantA, TenantB])
        {
            batch.BatchCommands.Add(new("INSERT INTO tenants (id, name) VALUES ($1, $2)")
            {
                Parameters = { new() { Value = tenant }, new() { Value = "Conversion " + tenant } },
            });
        }

        foreach (var (user, tenant) in (ValueTuple<Guid, Guid>[])[(UserA, TenantA), (UserB, TenantB)])
        {
            batch.BatchCommands.Add(new("INSERT INTO users (id, tenant_id, username) VALUES ($1, $2, $3)")
            {
                Parameters = { new() { Value = user }, new() { Value = tenant }, new() { Value = "user-" + user.ToString("N")[..8] } },
            });
        }

        foreach (var e in events)
        {
            if (e.Where != Stored.AnalyticsOnly)
            {
                batch.BatchCommands.Add(WithEventParameters(e,
                    """
                    INSERT INTO client_activity_events
                        (id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, received_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """));
            }

            if (e.Where != Stored.ClientOnly)
            {
                // The worker's copy of a row in both tables said ingested_at = received_at; another instant here shows
                // which of the two the conversion keeps (the event table's).
                var ingestedAt = e.Where == Stored.Both ? e.ReceivedAt.AddSeconds(1) : e.ReceivedAt;
                batch.BatchCommands.Add(WithEventParameters(e with { ReceivedAt = ingestedAt },
                    """
                    INSERT INTO analytics.events
                        (id, tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp", metadata_json, ingested_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    """));
            }
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static NpgsqlBatchCommand WithEventParameters(OldEvent e, string sql) => new(sql)
    {
        Parameters =
        {
            new() { Value = e.Id },
            new() { Value = e.TenantId },
            new() { Value = (object?)e.UserId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            new() { Value = e.EventType },
            new() { Value = e.ObjectType },
            new() { Value = (object?)e.ObjectId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = (object?)e.Severity ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            new() { Value = e.Timestamp, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = (object?)e.MetadataJson ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
            new() { Value = e.ReceivedAt, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        },
    };
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The write path's guarantees on the incremental tables (docs/storage.md, "Write path"): an event is counted once
/// however often it is delivered — stream entries added again, a client retrying its <c>event_id</c> with another
/// timestamp — and a lifecycle is the same whatever order its events arrive in, each in a transaction of its own.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class StoreRedeliveryTests(VectorVueAppFixture fixture)
{
    [Fact]
    public async Task Delivering_stored_events_again_changes_no_row_receipt_count_or_lifecycle()
    {
        var (tenantId, userId, username) = await fixture.CreateTenantAsync();
        var at = Minute(DateTimeOffset.UtcNow.AddHours(-3));
        QueuedEvent Event(string type, string? objectId, string? severity, int minutes) =>
            NewEvent(tenantId, userId, type, objectId, severity, at.AddMinutes(minutes));
        QueuedEvent[] singles =
        [
            Event(EventTypes.FindingViewed, "F-1", Severities.High, 10),
            Event(EventTypes.FindingViewed, "F-1", Severities.Critical, 5),
            Event(EventTypes.FindingAcknowledged, "F-1", null, 20),
            Event(EventTypes.RemediationOpened, "R-1", Severities.Medium, 1),
            Event(EventTypes.RemediationCompleted, "R-1", null, 30),
            Event(EventTypes.ReportDownloaded, "RPT-1", null, 2),
            Event(EventTypes.DashboardViewed, null, null, 3),
        ];
        QueuedEvent[] batch =
        [
            Event(EventTypes.FindingViewed, "F-2", Severities.Low, 7),
            Event(EventTypes.ReportDownloaded, "RPT-1", null, 8),
            Event(EventTypes.DashboardViewed, null, null, 9),
        ];
        var entries = singles.Select(e => SingleEntry(e)).Append(BatchEntry(batch)).ToList();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var clientEventId = Guid.NewGuid();
        var retried = at.AddMinutes(4);

        foreach (var entry in entries)
        {
            await AddAsync(tenantId, entry);
        }

        var storedId = await SendAsync(client, clientEventId, "F-3", retried);
        await fixture.WaitForQueueDrainedAsync();
        var before = await SnapshotAsync(tenantId);

        // What the first delivery stored is right, not merely stable.
        Assert.Equal(11, before.Events.Count);
        Assert.Equal(before.Events.Select(e => e.Split(' ')[0]).Order(), before.Receipts.Select(r => r.Split(' ')[0]).Order());
        Assert.Equal(
            [
                Row("F-1", at.AddMinutes(5), at.AddMinutes(5), at.AddMinutes(10), null, null, at.AddMinutes(20)),
                Row("F-2", at.AddMinutes(7), null, null, null, at.AddMinutes(7), null),
                Row("F-3", retried, retried, null, null, null, null),
            ],
            before.Findings);
        Assert.Equal([Row("R-1", at.AddMinutes(1), "medium", at.AddMinutes(30))], before.Remediations);
        Assert.Equal(ExpectedDailyCounts([.. singles, .. batch, Event(EventTypes.FindingViewed, "F-3", Severities.Critical, 4)]), before.DailyCounts);
        Assert.Equal([Row(Day(at), userId)], before.ActiveUsers.Where(u => u.StartsWith(Text(Day(at)), StringComparison.Ordinal)));
        Assert.Contains(Row(Day(at.AddMinutes(2)), "RPT-1"), before.ReportDownloads);

        // The same entries again (what a worker that died before acknowledging leaves behind), and the client's retry
        // of its event with another timestamp: a day earlier, so it would count on another day and move F-3's first
        // view back a day if anything but the receipts decided what is new.
        foreach (var entry in entries)
        {
            await AddAsync(tenantId, entry);
        }

        Assert.Equal(storedId, await SendAsync(client, clientEventId, "F-3", retried.AddDays(-1)));
        await fixture.WaitForQueueDrainedAsync();
        var after = await SnapshotAsync(tenantId);

        Assert.Equal(before.Events, after.Events);
        Assert.Equal(before.Receipts, after.Receipts);
        Assert.Equal(before.Findings, after.Findings);
        Assert.Equal(before.Remediations, after.Remediations);
        Assert.Equal(before.DailyCounts, after.DailyCounts);
        Assert.Equal(before.ActiveUsers, after.ActiveUsers);
        Assert.Equal(before.ReportDownloads, after.ReportDownloads);
    }

    [Fact]
    public async Task A_lifecycle_delivered_latest_first_is_the_lifecycle_delivered_in_order()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        var at = Minute(DateTimeOffset.UtcNow.AddHours(-5));
        // Per object: its events in time order. Three openings share the earliest instant: the lifecycle keeps the
        // smallest severity text of them ("high" < "low"), an opening without severity last.
        IReadOnlyList<QueuedEvent> Lifecycle(string finding, string remediation) =>
        [
            NewEvent(tenantId, userId, EventTypes.RemediationOpened, remediation, Severities.Low, at.AddMinutes(5)),
            NewEvent(tenantId, userId, EventTypes.RemediationOpened, remediation, null, at.AddMinutes(5)),
            NewEvent(tenantId, userId, EventTypes.RemediationOpened, remediation, Severities.High, at.AddMinutes(5)),
            NewEvent(tenantId, userId, EventTypes.FindingViewed, finding, Severities.Medium, at.AddMinutes(6)),
            NewEvent(tenantId, userId, EventTypes.FindingViewed, finding, Severities.Critical, at.AddMinutes(8)),
            NewEvent(tenantId, userId, EventTypes.RemediationOpened, remediation, Severities.Critical, at.AddMinutes(9)),
            NewEvent(tenantId, userId, EventTypes.FindingAcknowledged, finding, null, at.AddMinutes(12)),
            NewEvent(tenantId, userId, EventTypes.FindingViewed, finding, Severities.Medium, at.AddMinutes(15)),
            NewEvent(tenantId, userId, EventTypes.RemediationCompleted, remediation, null, at.AddMinutes(40)),
            NewEvent(tenantId, userId, EventTypes.FindingAcknowledged, finding, null, at.AddMinutes(50)),
            NewEvent(tenantId, userId, EventTypes.RemediationCompleted, remediation, null, at.AddMinutes(60)),
        ];

        // One transaction per event: each waits for the previous one to be stored.
        foreach (var e in Lifecycle("F-IN-ORDER", "R-IN-ORDER"))
        {
            await AddAsync(tenantId, SingleEntry(e));
            await fixture.WaitForQueueDrainedAsync();
        }

        foreach (var e in Lifecycle("F-LATEST-FIRST", "R-LATEST-FIRST").Reverse())
        {
            await AddAsync(tenantId, SingleEntry(e));
            await fixture.WaitForQueueDrainedAsync();
        }

        var stored = await SnapshotAsync(tenantId);
        Assert.Equal(
            [
                Row("F-IN-ORDER", at.AddMinutes(6), at.AddMinutes(8), null, at.AddMinutes(6), null, at.AddMinutes(12)),
                Row("F-LATEST-FIRST", at.AddMinutes(6), at.AddMinutes(8), null, at.AddMinutes(6), null, at.AddMinutes(12)),
            ],
            stored.Findings);
        Assert.Equal(
            [
                Row("R-IN-ORDER", at.AddMinutes(5), "high", at.AddMinutes(40)),
                Row("R-LATEST-FIRST", at.AddMinutes(5), "high", at.AddMinutes(40)),
            ],
            stored.Remediations);
    }

    private static DateTimeOffset Minute(DateTimeOffset instant) =>
        new(instant.Ticks - instant.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static QueuedEvent NewEvent(
        Guid tenantId, Guid userId, string type, string? objectId, string? severity, DateTimeOffset timestamp) =>
        new(Guid.CreateVersion7(), tenantId, userId, type, EventTypes.ObjectTypeOf(type), objectId, severity, timestamp,
            DateTimeOffset.UtcNow, """{"page":"findings"}""");

    private static NameValueEntry[] SingleEntry(QueuedEvent e) =>
        [new(StreamFields.Event, JsonSerializer.Serialize(e, QueueJsonContext.Default.QueuedEvent)), new(StreamFields.Count, 1)];

    private static NameValueEntry[] BatchEntry(QueuedEvent[] events) =>
        [new(StreamFields.Events, JsonSerializer.Serialize(events, QueueJsonContext.Default.QueuedEventArray)), new(StreamFields.Count, events.Length)];

    /// <summary>Adds an entry to the tenant's shard as the API does: the stream entry and the shard's queued-events counter.</summary>
    private async Task AddAsync(Guid tenantId, NameValueEntry[] entry)
    {
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var shard = fixture.Layout.ShardOf(tenantId);
        await db.StringIncrementAsync(fixture.Layout.QueuedCounterKey(shard), (long)entry.Single(f => f.Name == StreamFields.Count).Value);
        await db.StreamAddAsync(fixture.Layout.StreamKey(shard), entry);
    }

    /// <returns>The stored id the API answers with.</returns>
    private static async Task<Guid> SendAsync(HttpClient client, Guid clientEventId, string finding, DateTimeOffset timestamp)
    {
        var body = $$"""
            {"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "{{finding}}", "severity": "critical",
             "event_id": "{{clientEventId}}", "timestamp": "{{timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}}"}
            """;
        using var response = await client.PostAsync("/api/v1/client/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("event_id").GetGuid();
    }

    /// <summary>Per day, type and severity (summed over the stripes): how many events, and how many of them name an object.</summary>
    private static List<string> ExpectedDailyCounts(IEnumerable<QueuedEvent> events) =>
    [
        .. events.GroupBy(e => (Day: Day(e.Timestamp), e.EventType, Severity: e.Severity ?? ""))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.EventType, StringComparer.Ordinal).ThenBy(g => g.Key.Severity, StringComparer.Ordinal)
            .Select(g => Row(g.Key.Day, g.Key.EventType, g.Key.Severity, g.Count(), g.Count(e => e.ObjectId is not null))),
    ];

    private static string Row(params object?[] values) => string.Join(" ", values.Select(Text));

    private static string Text(object? value) => value switch
    {
        null => "-",
        DateTimeOffset instant => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private sealed record Snapshot(
        List<string> Events, List<string> Receipts, List<string> Findings, List<string> Remediations,
        List<string> DailyCounts, List<string> ActiveUsers, List<string> ReportDownloads);

    /// <summary>Everything the write path keeps of a tenant, each table as ordered rows of text.</summary>
    private async Task<Snapshot> SnapshotAsync(Guid tenantId)
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        return new Snapshot(
            await RowsAsync(connection, """
                SELECT id, event_type, object_id, severity, "timestamp", received_at FROM client_activity_events
                WHERE tenant_id = $1 ORDER BY id
                """, tenantId),
            await RowsAsync(connection, """SELECT event_id, "timestamp" FROM event_receipts WHERE tenant_id = $1 ORDER BY event_id""", tenantId),
            await RowsAsync(connection, """
                SELECT finding_id, first_viewed_at, first_viewed_critical, first_viewed_high, first_viewed_medium, first_viewed_low,
                       first_acknowledged_at
                FROM analytics.finding_lifecycles WHERE tenant_id = $1 ORDER BY finding_id
                """, tenantId),
            await RowsAsync(connection, """
                SELECT remediation_id, first_opened_at, opened_severity, first_completed_at
                FROM analytics.remediation_lifecycles WHERE tenant_id = $1 ORDER BY remediation_id
                """, tenantId),
            await RowsAsync(connection, """
                SELECT day, event_type, severity, sum(events), sum(events_with_object)
                FROM analytics.daily_event_counts WHERE tenant_id = $1
                GROUP BY 1, 2, 3 ORDER BY day, event_type COLLATE "C", severity COLLATE "C"
                """, tenantId),
            await RowsAsync(connection, "SELECT day, user_id FROM analytics.daily_active_users WHERE tenant_id = $1 ORDER BY 1, 2", tenantId),
            await RowsAsync(connection, "SELECT day, report_id FROM analytics.daily_report_downloads WHERE tenant_id = $1 ORDER BY 1, 2", tenantId));
    }

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection, string sql, Guid tenantId)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = tenantId } } };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
            {
                values[i] = await reader.IsDBNullAsync(i) ? null : reader.GetFieldType(i) == typeof(DateTime)
                    ? reader.GetFieldValue<DateTimeOffset>(i)
                    : reader.GetDataTypeName(i) == "date" ? reader.GetFieldValue<DateOnly>(i) : reader.GetValue(i);
            }

            rows.Add(Row(values));
        }

        return rows;
    }
}

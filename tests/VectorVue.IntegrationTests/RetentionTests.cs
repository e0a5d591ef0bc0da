using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Retention (docs/storage.md, "Maintenance and retention"): fifteen months of events, stored through the worker's
/// real write path; one maintenance run with twelve months of retention drops the three oldest months' partitions —
/// whole tables, not emptied ones — with their receipts, daily rows and finished lifecycles, keeps everything of
/// the last twelve months to the microsecond, and leaves ingestion, analytics and datasets working.
/// </summary>
[Collection(RetentionAppGroup.Name)]
public sealed class RetentionTests(RetentionAppFixture fixture)
{
    private const int Months = 15;

    [Fact]
    public async Task Fifteen_months_with_twelve_months_of_retention_keep_the_last_twelve_by_dropping_whole_partitions()
    {
        var (tenantId, userId, username) = await fixture.CreateTenantAsync();
        var months = Enumerable.Range(0, Months).Select(k => fixture.CurrentMonth.AddMonths(k - (Months - 1))).ToList();
        var oldestKept = fixture.OldestKeptMonth;
        Assert.Equal(oldestKept, months[^12]);
        var droppedMonths = months[..^12];

        // The partitions a system running for fifteen months has (its maintenance created each ahead of its month).
        await using var connection = await fixture.OpenDatabaseAsync();
        await using (var ensure = new NpgsqlCommand("SELECT ensure_event_partitions($1, $2)", connection)
        {
            Parameters = { new() { Value = DateOnly.FromDateTime(months[0].UtcDateTime) }, new() { Value = DateOnly.FromDateTime(months[^1].UtcDateTime) } },
        })
        {
            await ensure.ExecuteScalarAsync();
        }

        var history = History(tenantId, userId, months);
        foreach (var entry in history.Chunk(50))
        {
            await fixture.QueueBatchAsync(entry);
        }

        await fixture.AuditAsync(tenantId, [.. history.Select(e => e.Id)]);
        var before = await Partitions.PartitionOfEachEventAsync(connection, tenantId);
        Assert.Equal(history.ToDictionary(e => e.Id, e => Partitions.Of(e.Timestamp)), before); // each month in its own partition

        var run = await fixture.RunMaintenanceAsync();

        // Exactly the three oldest months went, as whole partitions: the tables no longer exist.
        Assert.Equal(droppedMonths.Select(Partitions.Of).Order(), run.GetProperty("dropped").EnumerateArray().Select(n => n.GetString()!).Order());
        await fixture.ConsoleLogs.WaitForAsync($"Dropped {droppedMonths.Count} monthly partitions of client_activity_events", TestTimeouts.Delivery);
        var attached = await Partitions.AttachedAsync(connection);
        foreach (var month in droppedMonths)
        {
            Assert.DoesNotContain(Partitions.Of(month), attached);
            Assert.False(await Partitions.ExistsAsync(connection, Partitions.Of(month)), Partitions.Of(month));
        }

        Assert.Superset(months[^12..].Select(Partitions.Of).Append(Partitions.DefaultPartition).ToHashSet(), attached);

        // Everything from the first instant of the oldest kept month stays, in its partition; nothing older anywhere.
        var kept = history.Where(e => e.Timestamp >= oldestKept).ToList();
        Assert.Contains(kept, e => e.Timestamp == oldestKept);
        Assert.Contains(history, e => e.Timestamp == oldestKept.AddTicks(-10)); // one microsecond earlier: gone
        Assert.Equal(kept.ToDictionary(e => e.Id, e => Partitions.Of(e.Timestamp)), await Partitions.PartitionOfEachEventAsync(connection, tenantId));
        Assert.Equal(0L, await ScalarAsync<long>(connection, """SELECT count(*) FROM client_activity_events WHERE "timestamp" < $1""", oldestKept));

        // Receipts: exactly the kept events' (a stored event without one would be stored again if redelivered).
        Assert.Equal(kept.Select(e => e.Id).Order(), (await ListAsync(connection, "SELECT event_id FROM event_receipts WHERE tenant_id = $1", tenantId, r => r.GetGuid(0))).Order());

        // Daily rows: exactly the kept events' days, with their counts.
        Assert.Equal(
            kept.GroupBy(e => Day(e.Timestamp)).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())),
            await ListAsync(connection, "SELECT day, sum(events)::bigint FROM analytics.daily_event_counts WHERE tenant_id = $1 GROUP BY day ORDER BY day",
                tenantId, r => (r.GetFieldValue<DateOnly>(0), r.GetInt64(1))));
        Assert.Equal(
            kept.Select(e => Day(e.Timestamp)).Distinct().Order(),
            await ListAsync(connection, "SELECT day FROM analytics.daily_active_users WHERE tenant_id = $1 ORDER BY day", tenantId, r => r.GetFieldValue<DateOnly>(0)));
        Assert.Equal(
            kept.Where(e => e.EventType == EventTypes.ReportDownloaded).Select(e => (Day(e.Timestamp), e.ObjectId!)).Order(),
            (await ListAsync(connection, "SELECT day, report_id FROM analytics.daily_report_downloads WHERE tenant_id = $1",
                tenantId, r => (r.GetFieldValue<DateOnly>(0), r.GetString(1)))).Order());

        // Lifecycles: gone when every instant was in a dropped month; kept when one is in a kept month (the straddlers).
        Assert.Equal(
            ObjectIds(kept, "F-"),
            (await ListAsync(connection, "SELECT finding_id FROM analytics.finding_lifecycles WHERE tenant_id = $1", tenantId, r => r.GetString(0))).Order());
        Assert.Contains("F-straddle", ObjectIds(kept, "F-"));
        Assert.Equal(
            ObjectIds(kept, "R-"),
            (await ListAsync(connection, "SELECT remediation_id FROM analytics.remediation_lifecycles WHERE tenant_id = $1", tenantId, r => r.GetString(0))).Order());
        Assert.Contains("R-straddle", ObjectIds(kept, "R-"));

        await AnalyticsStillWorkAsync(tenantId, username, kept);
        await DatasetsStillWorkAsync(tenantId, kept, oldestKept);

        // Ingestion still works: a new event is stored beside the kept ones, and the audit holds.
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var accepted = await new PortalActivity().Viewed("F-after", "high", DateTimeOffset.UtcNow).SendAsync(client);
        await fixture.AuditAsync(tenantId, [.. kept.Select(e => e.Id), .. accepted]);
    }

    /// <summary>
    /// Every month: a critical finding viewed and acknowledged 30 minutes later, a high remediation opened and completed
    /// 4 hours later, a dashboard view and a report download. Around the cut: a finding and a remediation begun in the
    /// last dropped month and finished in the oldest kept one, and dashboard views at the first instant of the oldest
    /// kept month and one microsecond before it.
    /// </summary>
    private List<QueuedEvent> History(Guid tenantId, Guid userId, List<DateTimeOffset> months)
    {
        // The same point of every month, no later than today's in the current one (the day of month halved).
        var offset = (fixture.Now - fixture.CurrentMonth) / 2;
        var events = new List<QueuedEvent>();
        void Add(string eventType, string objectId, string? severity, DateTimeOffset at) =>
            events.Add(new QueuedEvent(Guid.CreateVersion7(), tenantId, userId, eventType, EventTypes.ObjectTypeOf(eventType),
                objectId, severity, at, DateTimeOffset.UtcNow, null));

        for (var k = 0; k < months.Count; k++)
        {
            var t = months[k] + offset;
            Add(EventTypes.FindingViewed, $"F-{k:00}", Severities.Critical, t);
            Add(EventTypes.FindingAcknowledged, $"F-{k:00}", null, t.AddMinutes(30));
            Add(EventTypes.RemediationOpened, $"R-{k:00}", Severities.High, t.AddHours(1));
            Add(EventTypes.DashboardViewed, "main", null, t.AddHours(2));
            Add(EventTypes.ReportDownloaded, $"rep-{k:00}", null, t.AddHours(3));
            Add(EventTypes.RemediationCompleted, $"R-{k:00}", null, t.AddHours(5));
        }

        var oldestKept = fixture.OldestKeptMonth;
        var lastDropped = oldestKept.AddMonths(-1) + offset;
        Add(EventTypes.FindingViewed, "F-straddle", Severities.Critical, lastDropped);
        Add(EventTypes.RemediationOpened, "R-straddle", Severities.Critical, lastDropped.AddHours(1));
        Add(EventTypes.FindingAcknowledged, "F-straddle", null, oldestKept + offset + TimeSpan.FromMinutes(10));
        Add(EventTypes.RemediationCompleted, "R-straddle", null, oldestKept + offset + TimeSpan.FromMinutes(20));
        Add(EventTypes.DashboardViewed, "edge", null, oldestKept);
        Add(EventTypes.DashboardViewed, "edge", null, oldestKept.AddTicks(-10));
        return events;
    }

    /// <summary>
    /// The summary over the kept year: twelve findings each acknowledged after 30 minutes, twelve remediations each
    /// completed after 4 hours; the straddling finding and remediation began before the window, so neither counts.
    /// </summary>
    private async Task AnalyticsStillWorkAsync(Guid tenantId, string username, IReadOnlyList<QueuedEvent> kept)
    {
        var from = fixture.OldestKeptMonth;
        var to = from.AddDays(366);
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        using var response = await client.GetAsync($"/api/v1/client/analytics/summary?from={Iso(from)}&to={Iso(to)}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"summary: {(int)response.StatusCode} {body}");
        var summary = JsonDocument.Parse(body).RootElement;

        Assert.Equal(12, summary.GetProperty("mtta").GetProperty("count").GetInt64());
        Assert.Equal(30.00m, summary.GetProperty("mtta").GetProperty("mean_minutes").GetDecimal());
        Assert.Equal(12, summary.GetProperty("mttr").GetProperty("count").GetInt64());
        Assert.Equal(4.00m, summary.GetProperty("mttr").GetProperty("mean_hours").GetDecimal());
        var awareness = summary.GetProperty("awareness");
        Assert.Equal(12, awareness.GetProperty("findings_viewed").GetInt64());
        Assert.Equal(12, awareness.GetProperty("report_downloads").GetInt64());
        Assert.Equal(
            kept.Where(e => e.EventType == EventTypes.DashboardViewed).Select(e => Day(e.Timestamp)).Distinct().Count(),
            awareness.GetProperty("dashboard_active_days").GetInt64());
    }

    /// <summary>A feature set over the week into the oldest kept month: built from exactly the kept events of that week.</summary>
    private async Task DatasetsStillWorkAsync(Guid tenantId, IReadOnlyList<QueuedEvent> kept, DateTimeOffset oldestKept)
    {
        var end = oldestKept + (fixture.Now - fixture.CurrentMonth) / 2 + TimeSpan.FromDays(1);
        var build = await fixture.RunDatasetsAsync(
            ["build", "--tenant", tenantId.ToString(), "--window", "7d", "--end", end.ToString("O", CultureInfo.InvariantCulture)]);
        Assert.True(build.ExitCode == 0, build.Output);

        await using var connection = await fixture.OpenDatabaseAsync();
        var expected = kept.Count(e => e.Timestamp >= end.AddDays(-7) && e.Timestamp < end);
        Assert.True(expected >= 8, $"{expected} events in the week"); // the oldest kept month's six, and the two finishing the straddlers
        Assert.Equal(expected, await ScalarAsync<int>(connection, "SELECT event_count FROM analytics.feature_sets WHERE tenant_id = $1", tenantId));
    }

    /// <summary>The findings (<c>F-</c>) or remediations (<c>R-</c>) some kept event is about.</summary>
    private static List<string> ObjectIds(IEnumerable<QueuedEvent> kept, string prefix) =>
        [.. kept.Select(e => e.ObjectId!).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order()];

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static string Iso(DateTimeOffset instant) =>
        Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, object parameter)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql, Guid tenantId, Func<NpgsqlDataReader, T> read)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = tenantId } } };
        return await Partitions.ReadAsync(command, read);
    }
}

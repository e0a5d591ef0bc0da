using System.Globalization;
using System.Net;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// An event for a month without a partition (maintenance has not come round for months, or its partition was never
/// made) is stored in the default partition without failing its batch, and the next maintenance run creates the
/// month's partition and moves the event into it (docs/storage.md, "Maintenance and retention").
/// </summary>
[Collection(RetentionAppGroup.Name)]
public sealed class DefaultPartitionTests(RetentionAppFixture fixture)
{
    [Fact]
    public async Task An_event_of_a_month_without_a_partition_lands_in_the_default_one_and_the_next_run_moves_it_into_a_new_partition()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        // The furthest month every run keeps ahead; as the owner, the test takes its partition away.
        var month = fixture.CurrentMonth.AddMonths(RetentionAppFixture.MonthsAhead);
        var partition = Partitions.Of(month);
        await using var connection = await fixture.OpenDatabaseAsync();
        Assert.Contains(partition, await Partitions.AttachedAsync(connection));
        await using (var drop = new NpgsqlCommand($"DROP TABLE {partition}", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        // One batch: an event of today and one of that month.
        var now = DateTimeOffset.UtcNow;
        var today = Event(tenantId, userId, now);
        var ahead = Event(tenantId, userId, month.AddDays(10).AddHours(7));
        await fixture.QueueBatchAsync([today, ahead]);
        await fixture.AuditAsync(tenantId, [today.Id, ahead.Id]); // both stored, no dead letter
        var before = await Partitions.PartitionOfEachEventAsync(connection, tenantId);
        Assert.Equal(Partitions.DefaultPartition, before[ahead.Id]);
        Assert.Equal(Partitions.Of(today.Timestamp), before[today.Id]);

        var run = await fixture.RunMaintenanceAsync();

        Assert.Equal(1, run.GetProperty("created").GetInt32());
        Assert.Empty(run.GetProperty("dropped").EnumerateArray());
        Assert.Contains(partition, await Partitions.AttachedAsync(connection));
        var after = await Partitions.PartitionOfEachEventAsync(connection, tenantId);
        Assert.Equal(partition, after[ahead.Id]);
        Assert.Equal(before[today.Id], after[today.Id]);
        await using (var moved = new NpgsqlCommand("""SELECT "timestamp", object_id FROM client_activity_events WHERE id = $1""", connection)
        {
            Parameters = { new() { Value = ahead.Id } },
        })
        {
            var row = Assert.Single(await Partitions.ReadAsync(moved, r => (r.GetFieldValue<DateTimeOffset>(0), r.GetString(1))));
            Assert.Equal((ahead.Timestamp, ahead.ObjectId), row);
        }

        await fixture.AuditAsync(tenantId, [today.Id, ahead.Id]); // moved, not copied: each still stored once
        await using (var receipts = new NpgsqlCommand("SELECT event_id FROM event_receipts WHERE tenant_id = $1", connection)
        {
            Parameters = { new() { Value = tenantId } },
        })
        {
            Assert.Equal(new[] { today.Id, ahead.Id }.Order(), (await Partitions.ReadAsync(receipts, r => r.GetGuid(0))).Order());
        }

        // The worker reports the run in its health.
        using var worker = fixture.CreateWorkerClient();
        using var health = await worker.GetAsync("/health");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_worker_maintains_the_partitions_when_it_starts()
    {
        // The migrator made the current month and three ahead; the worker's first run adds the previous month.
        var expected = string.Create(CultureInfo.InvariantCulture,
            $"Created 1 monthly partitions of client_activity_events for the months {fixture.CurrentMonth.AddMonths(-1):yyyy-MM} through {fixture.CurrentMonth.AddMonths(RetentionAppFixture.MonthsAhead):yyyy-MM}");
        await fixture.ConsoleLogs.WaitForAsync(expected, TestTimeouts.Delivery);

        await using var connection = await fixture.OpenDatabaseAsync();
        Assert.Superset(
            Enumerable.Range(-1, RetentionAppFixture.MonthsAhead + 2).Select(k => Partitions.Of(fixture.CurrentMonth.AddMonths(k))).ToHashSet(),
            await Partitions.AttachedAsync(connection));
    }

    [Fact]
    public async Task Running_maintenance_on_demand_needs_the_worker_admin_key()
    {
        using var worker = fixture.CreateWorkerClient("not-the-admin-key-not-the-admin-key");
        using var response = await worker.PostAsync("/admin/partitions/maintain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static QueuedEvent Event(Guid tenantId, Guid userId, DateTimeOffset at) =>
        new(Guid.CreateVersion7(), tenantId, userId, EventTypes.FindingViewed, ObjectTypes.Finding, "F-" + at.ToString("yyyyMM", CultureInfo.InvariantCulture),
            Severities.High, at, DateTimeOffset.UtcNow, null);
}

using System.Net;
using System.Text.Json;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.FaultInjection;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The worker's drain loops: several of them share no delivery state, a loop that fails unexpectedly is restarted,
/// and what a killed worker held is taken over while the survivors are busy.
/// </summary>
public sealed partial class DeliveryFaultTests
{
    [Fact]
    public async Task Poison_entries_spread_over_every_drain_loop_are_each_dead_lettered_after_exactly_MaxDeliveries()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        var ghostTenant = Guid.NewGuid(); // not a tenant: PostgreSQL refuses its events (foreign key)
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();

        // Far more entries than one batch, one in three poison: every loop gets batches holding some.
        var events = Enumerable.Range(0, 24 * FaultAppFixture.BatchSize)
            .Select(i => i % 3 == 1 ? NewEvent(ghostTenant, null) : NewEvent(tenantId, userId))
            .ToList();
        var poison = events.Where(e => e.TenantId == ghostTenant).Select(e => e.Id).ToList();
        var batch = db.CreateBatch();
        var added = events.Select(e => batch.StreamAddAsync(VectorVueAppFixture.Stream.StreamKey, StreamFields.Event,
            JsonSerializer.Serialize(e, QueueJsonContext.Default.QueuedEvent))).ToList();
        batch.Execute();
        var entryIds = (await Task.WhenAll(added)).Select(id => id.ToString()).ToHashSet();

        await fixture.AuditAsync(tenantId, [.. events.Where(e => e.TenantId == tenantId).Select(e => e.Id)]);
        await fixture.AuditAsync(ghostTenant, poison, undeliverable: poison);

        await using (var connection = await fixture.OpenDatabaseAsync())
        {
            await using var letters = new Npgsql.NpgsqlCommand(
                "SELECT event_id, delivery_count, error_code FROM dead_letters WHERE tenant_id = $1", connection)
            {
                Parameters = { new() { Value = ghostTenant } },
            };
            await using var reader = await letters.ExecuteReaderAsync();
            var rows = new List<(Guid EventId, int Deliveries, string Code)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
            }

            // One dead letter per poison entry, each after exactly MaxDeliveries deliveries, whichever loop held it.
            Assert.Equal(poison.Order(), rows.Select(r => r.EventId).Order());
            Assert.All(rows, row => Assert.Equal((FaultAppFixture.MaxDeliveries, "23503"), (row.Deliveries, row.Code)));
        }

        // The refusals were seen by several loops at once, not by one loop after the other.
        var refusingConsumers = fixture.ConsoleLogs.Lines
            .Where(line => line.Contains("PostgreSQL refused stream entry", StringComparison.Ordinal))
            .Select(line => (Entry: Between(line, "stream entry ", " ("), Consumer: Between(line, "at consumer ", ",")))
            .Where(refusal => entryIds.Contains(refusal.Entry))
            .Select(refusal => refusal.Consumer)
            .Distinct()
            .ToList();
        Assert.True(refusingConsumers.Count >= 2, $"refused at: {string.Join(", ", refusingConsumers)}");

        await using (var cleanup = await fixture.OpenDatabaseAsync())
        {
            // These stay undeliverable on purpose: leave no dead letters behind for the re-drive tests.
            await using var delete = new Npgsql.NpgsqlCommand("DELETE FROM dead_letters WHERE tenant_id = $1", cleanup)
            {
                Parameters = { new() { Value = ghostTenant } },
            };
            await delete.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_drain_loop_failing_unexpectedly_is_logged_restarted_and_reported_while_the_others_keep_draining()
    {
        var (tenantId, userId, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        using var worker = fixture.CreateWorkerClient();
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var tripping = NewEvent(tenantId, userId);
        var accepted = new List<Guid> { tripping.Id };

        await File.WriteAllTextAsync(fixture.FaultMarker, "");
        try
        {
            // An entry of the injected fault's trace: the loop that reads it throws what it does not handle.
            var traceId = InjectedFault.TraceIdPrefix + Guid.NewGuid().ToString("N")[..24];
            var traceparent = $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01";
            await db.StreamAddAsync(VectorVueAppFixture.Stream.StreamKey,
            [
                new NameValueEntry(StreamFields.Event, JsonSerializer.Serialize(tripping, QueueJsonContext.Default.QueuedEvent)),
                new NameValueEntry("traceparent", traceparent),
            ]);

            // Restarted, it re-reads the entry and fails again: after a few times in a row the worker says so.
            await WaitForHealthAsync(worker, HttpStatusCode.ServiceUnavailable);
            Assert.Contains(fixture.ConsoleLogs.Lines, line => line.Contains("Drain loop", StringComparison.Ordinal)
                && line.Contains("restarting it in", StringComparison.Ordinal));
            Assert.Contains(fixture.ConsoleLogs.Lines, line => line.Contains(InjectedFault.Message, StringComparison.Ordinal));

            // Meanwhile the other loops keep draining: what is accepted now is stored now.
            var meanwhile = await PostEventsAsync(client, 20);
            await fixture.WaitForDatabaseAsync(c => CountStoredAsync(c, meanwhile), stored => stored == meanwhile.Count);
            accepted.AddRange(meanwhile);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await worker.GetAsync("/health")).StatusCode);
        }
        finally
        {
            File.Delete(fixture.FaultMarker);
        }

        // The cause gone, the restarted loop stores what it held and the worker is healthy again.
        await WaitForHealthAsync(worker, HttpStatusCode.OK);
        await fixture.AuditAsync(tenantId, accepted);
        using var exported = new CancellationTokenSource(TestTimeouts.Delivery);
        while (!fixture.Telemetry.Contains("metrics", "vectorvue.worker.loop_restarts"))
        {
            await Task.Delay(200, exported.Token);
        }
    }

    [Fact]
    public async Task A_killed_workers_pending_entries_are_taken_over_under_a_steady_backlog_and_the_stream_stays_below_the_high_water_mark()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var key = VectorVueAppFixture.Stream.StreamKey;

        // Commits of at least a second make the loops slower than the load could be; the load tops the backlog up
        // to eight batches whenever it runs low: every read of every loop finds a full batch, the whole time, and
        // the stream only grows if something holds the trim point back.
        await using var slow = await SlowInserts.InstallAsync(fixture, TimeSpan.FromSeconds(1));
        await using var load = new BacklogKeeper(client, db, target: 8 * FaultAppFixture.BatchSize);
        load.Start();
        await load.WaitForBacklogAsync();
        await WaitForPendingAsync(db, pending => pending.Length >= FaultAppFixture.Consumers);

        ResourceProcesses.KillHard(fixture.App, "worker");
        StreamPendingMessageInfo[] abandoned;
        try
        {
            // Nothing else reads now: what is pending is what the killed worker's loops held.
            abandoned = await db.StreamPendingMessagesAsync(key, VectorVueAppFixture.Stream.ConsumerGroup, 1000, RedisValue.Null);
            Assert.NotEmpty(abandoned);
        }
        finally
        {
            await fixture.RunCommandAsync("worker", "resource-start");
        }

        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("worker").WaitAsync(TestTimeouts.Startup);
        load.ResetObservations();

        // Taken over within a bounded time of the claim idle time (they have been idle since the kill), stored...
        var abandonedIds = abandoned.Select(p => p.MessageId.ToString()).ToHashSet();
        await WaitForPendingAsync(db, pending => !pending.Any(p => abandonedIds.Contains(p.MessageId.ToString())));
        // ...and trimmed: the oldest entry of the stream is now younger than all of them.
        var newestAbandoned = abandoned.Select(p => p.MessageId.ToString()).Max(Comparer<string>.Create(CompareIds))!;
        using (var trimmed = new CancellationTokenSource(TestTimeouts.Delivery))
        {
            while ((await db.StreamInfoAsync(key)).FirstEntry.Id is var first && !first.IsNull && CompareIds(first!, newestAbandoned) <= 0)
            {
                await Task.Delay(100, trimmed.Token);
            }
        }

        Assert.True(load.MinBacklog >= 1, $"the load let the backlog run dry ({load.MinBacklog}): the loops may have read nothing");
        await load.StopAsync();
        Assert.True(load.MaxStreamLength < FaultAppFixture.HighWaterMark, $"the stream grew to {load.MaxStreamLength} entries");
        Assert.Empty(load.OtherStatuses);
        await slow.DisposeAsync();
        await fixture.AuditAsync(tenantId, load.Accepted);
    }

    private static async Task<StreamPendingMessageInfo[]> WaitForPendingAsync(IDatabase db, Func<StreamPendingMessageInfo[], bool> done)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        while (true)
        {
            var pending = await db.StreamPendingMessagesAsync(
                VectorVueAppFixture.Stream.StreamKey, VectorVueAppFixture.Stream.ConsumerGroup, 1000, RedisValue.Null);
            if (done(pending))
            {
                return pending;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task WaitForHealthAsync(HttpClient worker, HttpStatusCode status)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        while ((await worker.GetAsync("/health", timeout.Token)).StatusCode != status)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<List<Guid>> PostEventsAsync(HttpClient client, int count)
    {
        var body = "{\"events\": [" + string.Join(',', Enumerable.Repeat("""{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""", count)) + "]}";
        using var response = await client.PostAsync("/api/v1/client/events/batch",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. answer.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event_id").GetGuid())];
    }

    private static async Task<long> CountStoredAsync(Npgsql.NpgsqlConnection connection, IReadOnlyList<Guid> ids)
    {
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM client_activity_events WHERE id = ANY($1)", connection)
        {
            Parameters = { new() { Value = ids.ToArray() } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static int CompareIds(string left, string right)
    {
        static (ulong, ulong) Parse(string id) => id.Split('-') is [var ms, var seq] ? (ulong.Parse(ms), ulong.Parse(seq)) : throw new FormatException(id);
        return Parse(left).CompareTo(Parse(right));
    }

    private static string Between(string text, string before, string after)
    {
        var start = text.IndexOf(before, StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }

        start += before.Length;
        var end = text.IndexOf(after, start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The worker on a sharded queue (docs/delivery.md, "Shards", "The stream entry", "The queued-events counter"): both
/// entry shapes on every shard stored exactly once, poison isolated per event inside a batch entry, each shard's
/// counter of queued events back to exactly 0 — never subtracted twice for one entry — and reads that wait in Redis
/// instead of polling. The entries are written here as the API's admission writes them: the entry and its count in
/// one script.
/// </summary>
[Collection(ShardedAppGroup.Name)]
public sealed class ShardedDeliveryTests(ShardedAppFixture fixture)
{
    private const string ResyncLog = "Queued-events counter ";

    // KEYS: the shard's stream, its counter. ARGV: the count, then the entry's fields and values.
    private const string QueueScript = """
        local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
        redis.call('INCRBY', KEYS[2], ARGV[1])
        return id
        """;

    private StreamShards Layout => fixture.Layout;

    [Fact]
    public async Task Both_entry_shapes_on_every_shard_are_stored_once_and_each_shards_counter_returns_to_exactly_zero()
    {
        var resyncsBefore = ResyncCount();
        var accepted = new List<(Guid Tenant, List<Guid> Ids)>();
        for (var shard = 0; shard < Layout.Count; shard++)
        {
            var tenant = await TenantOnShardAsync(shard);
            var single = NewEvent(tenant);
            // More events than a transaction holds (BatchSize): the entry's events go in several.
            var batch = Enumerable.Range(0, (2 * ShardedAppFixture.BatchSize) + 3).Select(_ => NewEvent(tenant)).ToList();
            await QueueSingleAsync(single);
            await QueueBatchAsync(shard, [.. batch.Select(Json)]);
            accepted.Add((tenant, [single.Id, .. batch.Select(e => e.Id)]));
        }

        foreach (var (tenant, ids) in accepted)
        {
            await fixture.AuditAsync(tenant, ids);
        }

        // Exact arithmetic: every entry subtracted what it added, once — and no resynchronisation was needed.
        Assert.Equal(new long[Layout.Count], await CountersAsync());
        Assert.Equal(resyncsBefore, ResyncCount());
    }

    [Fact]
    public async Task An_entry_acknowledged_by_another_consumer_meanwhile_is_not_subtracted_again()
    {
        const int Shard = 1; // read by one drain loop alone (ShardAssignment: 2 loops, 3 shards)
        var tenant = await TenantOnShardAsync(Shard);
        var events = Enumerable.Range(0, 4).Select(_ => NewEvent(tenant)).ToList();
        var sentinel = NewEvent(await TenantOnShardAsync(Shard));
        var db = await DatabaseAsync();
        var stream = Layout.StreamKey(Shard);
        var counter = Layout.QueuedCounterKey(Shard);
        var group = VectorVueAppFixture.Stream.ConsumerGroup;
        RedisValue sentinelId;

        // The worker reads the entry and cannot commit it (the table is locked); meanwhile another consumer — played
        // here, as the contract says: XACK, and only if that acknowledged it, subtract its count — settles it.
        await using (var connection = await fixture.OpenDatabaseAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE client_activity_events IN SHARE MODE", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var id = await QueueBatchAsync(Shard, [.. events.Select(Json)]);
            using (var delivered = new CancellationTokenSource(TestTimeouts.Delivery))
            {
                while ((await db.StreamPendingAsync(stream, group)).PendingMessageCount == 0)
                {
                    await Task.Delay(50, delivered.Token);
                }
            }

            var released = await db.ScriptEvaluateAsync(
                "if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 1 then return redis.call('DECRBY', KEYS[2], ARGV[3]) end return false",
                [stream, counter], [group, id, events.Count]);
            Assert.Equal(0, (long)released);

            // A sentinel held by a consumer of the test's own keeps the shard from looking idle, so maintenance has
            // no occasion to resynchronise the counter (which would hide a second subtraction). The shard's one loop
            // is blocked on the lock, so the sentinel is the test's to read.
            sentinelId = await QueueSingleAsync(sentinel);
            var held = await db.StreamReadGroupAsync(stream, group, "test-holder", StreamPosition.NewMessages, 1);
            Assert.Equal(sentinelId, Assert.Single(held).Id);
            await transaction.CommitAsync();
        }

        // The worker commits and acknowledges the entry too (XACK answers 0: it must not be subtracted again), then
        // reads on; once an entry queued after it is stored and acknowledged, it is done with this one.
        await fixture.WaitForDatabaseAsync(c => CountStoredAsync(c, events.Select(e => e.Id)), stored => stored == events.Count);
        var marker = NewEvent(tenant);
        await QueueSingleAsync(marker);
        await fixture.WaitForDatabaseAsync(c => CountStoredAsync(c, [marker.Id]), stored => stored == 1);
        using (var settled = new CancellationTokenSource(TestTimeouts.Delivery))
        {
            while ((await db.StreamPendingAsync(stream, group)).PendingMessageCount > 1)
            {
                await Task.Delay(50, settled.Token);
            }
        }

        // Read at once with what is still held (the sentinel, unless the worker has taken it over since): equal.
        var state = (RedisResult[])(await db.ScriptEvaluateAsync(
            "return { tonumber(redis.call('GET', KEYS[2])), redis.call('XPENDING', KEYS[1], ARGV[1])[1] }", [stream, counter], [group]))!;
        Assert.Equal((long)state[1], (long)state[0]);

        await db.ScriptEvaluateAsync(
            "if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('DECRBY', KEYS[2], 1) end",
            [stream, counter], [group, sentinelId]);
        await fixture.AuditAsync(tenant, [.. events.Select(e => e.Id), marker.Id]);
        Assert.Equal(0, (long)await db.StringGetAsync(counter));
    }

    [Fact]
    public async Task A_batch_entry_with_a_poison_event_and_a_malformed_one_dead_letters_each_alone_and_stores_the_rest_once()
    {
        const int Shard = 1;
        var resyncsBefore = ResyncCount();
        var tenant = await TenantOnShardAsync(Shard);
        var ghost = NewTenantOn(2); // not (yet) a tenant: PostgreSQL refuses its event (foreign key)
        var good = Enumerable.Range(0, 5).Select(_ => NewEvent(tenant)).ToList();
        var poison = NewEvent(ghost);
        const string Malformed = """{"id":"not a guid"}""";
        var id = await QueueBatchAsync(Shard, [Json(good[0]), Json(good[1]), Json(poison), Json(good[2]), Malformed, Json(good[3]), Json(good[4])]);

        await fixture.AuditAsync(tenant, [.. good.Select(e => e.Id)]);
        await fixture.AuditAsync(ghost, [poison.Id], undeliverable: [poison.Id]);

        var letters = await DeadLettersOfAsync($"{Shard}:{id}/%");
        Assert.Equal(2, letters.Count);
        var refused = letters[$"{Shard}:{id}/2"];
        Assert.Equal(("23503", poison.Id, ghost), (refused.ErrorCode, refused.EventId, refused.TenantId));
        Assert.True(refused.Deliveries >= ShardedAppFixture.MaxDeliveries, $"dead-lettered after {refused.Deliveries} deliveries");
        var malformed = letters[$"{Shard}:{id}/4"];
        Assert.StartsWith("undecodable: element 4", malformed.Reason);
        Assert.Equal((null, null), (malformed.EventId, malformed.TenantId));

        // Each is one event of the single shape, with the request's trace context and a count of 1.
        foreach (var payload in letters.Values.Select(l => JsonDocument.Parse(l.Payload).RootElement))
        {
            Assert.Equal("1", payload.GetProperty(StreamFields.Count).GetString());
            Assert.False(payload.TryGetProperty(StreamFields.Events, out _));
            Assert.StartsWith("00-", payload.GetProperty(StreamFields.TraceParent).GetString());
        }

        Assert.Equal(Json(poison), JsonDocument.Parse(refused.Payload).RootElement.GetProperty(StreamFields.Event).GetString());
        Assert.Equal(Malformed, JsonDocument.Parse(malformed.Payload).RootElement.GetProperty(StreamFields.Event).GetString());

        // Fixed, re-driven: the event goes onto its own tenant's shard (the one without a tenant onto the first).
        var db = await DatabaseAsync();
        var lastIds = await Task.WhenAll(Layout.StreamKeys.Select(async key => (await db.StreamInfoAsync(key)).LastGeneratedId));
        await fixture.InsertTenantAsync(ghost);
        await fixture.RunCommandAsync("worker", "redrive-dead-letters");
        await fixture.AuditAsync(ghost, [poison.Id]);
        var afterIds = await Task.WhenAll(Layout.StreamKeys.Select(async key => (await db.StreamInfoAsync(key)).LastGeneratedId));
        Assert.NotEqual(lastIds[2], afterIds[2]);
        Assert.Equal(lastIds[Shard], afterIds[Shard]);

        await fixture.WaitForQueueDrainedAsync();
        Assert.Equal(new long[Layout.Count], await CountersAsync());
        Assert.Equal(resyncsBefore, ResyncCount());
    }

    [Fact]
    public async Task Entries_without_a_count_hold_one_event_and_the_drifted_counter_is_put_back_to_zero_once_the_shard_is_idle()
    {
        const int Shard = 0;
        var tenant = await TenantOnShardAsync(Shard);
        var old = Enumerable.Range(0, 3).Select(_ => NewEvent(tenant)).ToList();
        var db = await DatabaseAsync();

        // As written before the count existed: no field n, and nothing added to the counter.
        foreach (var queued in old)
        {
            await db.StreamAddAsync(Layout.StreamKey(Shard), StreamFields.Event, Json(queued));
        }

        await fixture.AuditAsync(tenant, [.. old.Select(e => e.Id)]);

        // Each was subtracted as one event; nothing pending and nothing undelivered, maintenance puts it back to 0.
        using var resynced = new CancellationTokenSource(TestTimeouts.Delivery);
        while ((long)await db.StringGetAsync(Layout.QueuedCounterKey(Shard)) != 0
            || !fixture.ConsoleLogs.Contains(ResyncLog + Layout.QueuedCounterKey(Shard)))
        {
            await Task.Delay(100, resynced.Token);
        }
    }

    [Fact]
    public async Task An_idle_worker_waits_for_entries_in_redis_instead_of_polling()
    {
        await fixture.WaitForQueueDrainedAsync();
        var before = await ReadGroupCallsAsync();
        var idle = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var calls = await ReadGroupCallsAsync() - before;

        // A loop serving k shards reads each once per round and waits ReadBlockTime / k in the round's last read, and
        // cuts a wait short when a takeover pass falls due (every ClaimIdleTime / 2): here under 3 reads a second in
        // all. Polling, as the worker did before (a read, then 20 ms of sleep), sends some 50 a second per loop.
        var seconds = idle.Elapsed.TotalSeconds;
        var bound = (int)Math.Ceiling((10 * seconds) + 10);
        Assert.True(calls <= bound, $"{calls} XREADGROUP calls in {seconds:0.0} s of idleness (at most {bound} expected)");

        // And it still answers at once when an entry comes.
        var tenant = await TenantOnShardAsync(2);
        var queued = NewEvent(tenant);
        await QueueSingleAsync(queued);
        await fixture.AuditAsync(tenant, [queued.Id]);
    }

    private async Task<long> ReadGroupCallsAsync()
    {
        var stats = (string)(await (await DatabaseAsync()).ExecuteAsync("INFO", "commandstats"))!;
        // cmdstat_xreadgroup:calls=…,usec=…
        var line = stats.Split('\n').Single(l => l.StartsWith("cmdstat_xreadgroup:", StringComparison.Ordinal));
        return long.Parse(line.Split(',')[0]["cmdstat_xreadgroup:calls=".Length..], CultureInfo.InvariantCulture);
    }

    private int ResyncCount() => fixture.ConsoleLogs.Lines.Count(line => line.Contains(ResyncLog, StringComparison.Ordinal));

    private async Task<long[]> CountersAsync()
    {
        var db = await DatabaseAsync();
        return await Task.WhenAll(Enumerable.Range(0, Layout.Count).Select(async shard => (long?)await db.StringGetAsync(Layout.QueuedCounterKey(shard)) ?? 0));
    }

    private async Task<IDatabase> DatabaseAsync() => (await fixture.ConnectRedisAsync()).GetDatabase();

    private async Task<RedisValue> QueueSingleAsync(QueuedEvent queued)
    {
        var shard = Layout.ShardOf(queued.TenantId);
        return await QueueAsync(shard, 1, [StreamFields.Event, Json(queued), StreamFields.Count, 1, .. TraceContext()]);
    }

    /// <param name="shard">The shard of the events' tenant.</param>
    /// <param name="elements">The JSON of each element of the <c>events</c> array, as it goes into the entry.</param>
    private async Task<RedisValue> QueueBatchAsync(int shard, IReadOnlyList<string> elements) =>
        await QueueAsync(shard, elements.Count,
            [StreamFields.Events, "[" + string.Join(',', elements) + "]", StreamFields.Count, elements.Count, .. TraceContext()]);

    private async Task<RedisValue> QueueAsync(int shard, int count, RedisValue[] fields) =>
        (RedisValue)await (await DatabaseAsync()).ScriptEvaluateAsync(
            QueueScript, [Layout.StreamKey(shard), Layout.QueuedCounterKey(shard)], [count, .. fields]);

    private static RedisValue[] TraceContext() =>
        [StreamFields.TraceParent, $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01"];

    /// <summary>A tenant of the test's own whose events go to <paramref name="shard"/>.</summary>
    private async Task<Guid> TenantOnShardAsync(int shard)
    {
        var tenant = NewTenantOn(shard);
        await fixture.InsertTenantAsync(tenant);
        return tenant;
    }

    private Guid NewTenantOn(int shard)
    {
        while (true)
        {
            var tenant = Guid.NewGuid();
            if (Layout.ShardOf(tenant) == shard)
            {
                return tenant;
            }
        }
    }

    private static QueuedEvent NewEvent(Guid tenantId)
    {
        var now = DateTimeOffset.UtcNow;
        return new QueuedEvent(Guid.CreateVersion7(), tenantId, null, "FINDING_VIEWED", "finding", "F-SHARD", "high", now, now, null);
    }

    private static string Json(QueuedEvent queued) => JsonSerializer.Serialize(queued, QueueJsonContext.Default.QueuedEvent);

    private static async Task<long> CountStoredAsync(NpgsqlConnection connection, IEnumerable<Guid> ids)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM client_activity_events WHERE id = ANY($1)", connection)
        {
            Parameters = { new() { Value = ids.ToArray() } },
        };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<Dictionary<string, DeadLetterRow>> DeadLettersOfAsync(string keyPattern)
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var select = new NpgsqlCommand(
            "SELECT stream_entry_id, event_id, tenant_id, payload, reason, error_code, delivery_count FROM dead_letters WHERE stream_entry_id LIKE $1",
            connection)
        {
            Parameters = { new() { Value = keyPattern } },
        };
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new Dictionary<string, DeadLetterRow>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = new DeadLetterRow(
                reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6));
        }

        return rows;
    }

    private sealed record DeadLetterRow(Guid? EventId, Guid? TenantId, string Payload, string Reason, string? ErrorCode, int Deliveries);
}

using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The API's admission script on the system's own Redis: what it writes when it admits (one entry per request, the
/// shard's queued-events counter raised by its events), that a refusal writes nothing, the high-water mark counted in
/// events, and the limiter's memory staying flat however many events pass. Its entries go to a stream of the test
/// class's own that nobody reads, deleted at the end.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class AdmissionScriptTests(VectorVueAppFixture fixture) : IAsyncLifetime
{
    private readonly StreamShards _scratch = new(new EventStreamOptions { StreamKey = $"vectorvue:test:{Guid.NewGuid():N}" });

    private RedisKey Stream => _scratch.StreamKey(0);

    private RedisKey Counter => _scratch.QueuedCounterKey(0);

    [Fact]
    public async Task A_batch_is_one_entry_holding_its_events_and_their_number_and_raises_the_counter_by_them()
    {
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var script = await ScriptAsync(new RateLimitOptions());
        var tenantId = Guid.NewGuid();
        var events = Events(tenantId, 7);

        var admission = await script.AdmitAsync(tenantId, "ada", trace => QueueEntry.Batch(events, trace), CancellationToken.None);
        Assert.Equal(AdmissionOutcome.Accepted, admission.Outcome);
        var single = await script.AdmitAsync(tenantId, "ada", trace => QueueEntry.Single(events[0], trace), CancellationToken.None);
        Assert.Equal(AdmissionOutcome.Accepted, single.Outcome);

        var entries = await db.StreamRangeAsync(Stream);
        Assert.Equal([admission.EntryId, single.EntryId], entries.Select(e => (string?)e.Id));
        Assert.Equal("7", (string?)entries[0][StreamFields.Count]);
        Assert.Equal(events.Select(e => e.Id),
            JsonSerializer.Deserialize((string)entries[0][StreamFields.Events]!, QueueJsonContext.Default.QueuedEventArray)!.Select(e => e.Id));
        Assert.Equal("1", (string?)entries[1][StreamFields.Count]);
        Assert.Equal(events[0].Id, JsonSerializer.Deserialize((string)entries[1][StreamFields.Event]!, QueueJsonContext.Default.QueuedEvent)!.Id);
        Assert.Equal(8, (long)await db.StringGetAsync(Counter));
    }

    [Fact]
    public async Task A_request_over_a_limit_or_the_high_water_mark_writes_nothing()
    {
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var tenantId = Guid.NewGuid();
        var limited = await ScriptAsync(new RateLimitOptions { UserLimit = 3, TenantLimit = 3 });
        Assert.Equal(AdmissionOutcome.RateLimited,
            (await limited.AdmitAsync(tenantId, "ada", trace => QueueEntry.Batch(Events(tenantId, 4), trace), CancellationToken.None)).Outcome);
        Assert.Equal(0, await db.StreamLengthAsync(Stream));
        Assert.False(await db.KeyExistsAsync(Counter));

        // The mark counts events: 5 queued + 5 more reach a mark of 10 exactly; one more passes it, and takes no units.
        var capped = await ScriptAsync(new RateLimitOptions(), highWaterMark: 10);
        foreach (var count in (int[])[5, 5])
        {
            Assert.Equal(AdmissionOutcome.Accepted,
                (await capped.AdmitAsync(tenantId, "grace", trace => QueueEntry.Batch(Events(tenantId, count), trace), CancellationToken.None)).Outcome);
        }

        var full = await capped.AdmitAsync(tenantId, "grace", trace => QueueEntry.Single(Events(tenantId, 1)[0], trace), CancellationToken.None);
        Assert.Equal(AdmissionOutcome.QueueFull, full.Outcome);
        Assert.Equal(2, await db.StreamLengthAsync(Stream));
        Assert.Equal(10, (long)await db.StringGetAsync(Counter));
        var user = await db.HashGetAllAsync(new RateLimitKeys(_scratch).User(tenantId, "grace"));
        Assert.Equal(10, user.Sum(slice => (long)slice.Value));
    }

    [Fact]
    public async Task With_a_ceiling_of_a_million_per_minute_the_limiter_memory_stays_flat()
    {
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var script = await ScriptAsync(new RateLimitOptions { UserLimit = 1_000_000, TenantLimit = 1_000_000, Window = TimeSpan.FromMinutes(1) });
        var keys = new RateLimitKeys(_scratch);
        var tenantId = Guid.NewGuid();
        RedisKey[] limiterKeys = [keys.User(tenantId, "ada"), keys.Tenant(tenantId)];
        var batch = Events(tenantId, 100);

        async Task AdmitAsync(int batches)
        {
            for (var i = 0; i < batches; i++)
            {
                Assert.Equal(AdmissionOutcome.Accepted,
                    (await script.AdmitAsync(tenantId, "ada", trace => QueueEntry.Batch(batch, trace), CancellationToken.None)).Outcome);
            }
        }

        async Task<(long Bytes, long Slices)[]> MeasureAsync() =>
            await Task.WhenAll(limiterKeys.Select(async key =>
                ((long)await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"), await db.HashLengthAsync(key))));

        await AdmitAsync(50);
        var before = await MeasureAsync();
        await AdmitAsync(250); // 30,000 events in all
        var after = await MeasureAsync();

        // A key is one small hash of at most one field per slice of the window, whatever the events: the sorted sets it
        // replaced held a member (about 50 bytes) per event, over 1.5 MB here. A slice that began meanwhile adds its field.
        const long PerSlice = 32;
        for (var i = 0; i < limiterKeys.Length; i++)
        {
            Assert.InRange(after[i].Slices, 1, SlicedWindow.Slices);
            Assert.InRange(after[i].Bytes, 1, before[i].Bytes + (PerSlice * (after[i].Slices - before[i].Slices)));
            Assert.True(after[i].Bytes < 1024, $"{limiterKeys[i]}: {after[i].Bytes} bytes");
        }

        var tenant = await db.HashGetAllAsync(keys.Tenant(tenantId));
        Assert.Equal(30_000, tenant.Sum(slice => (long)slice.Value));
    }

    [Fact]
    public async Task The_script_is_sent_once_then_called_by_its_sha1()
    {
        // A connection of its own, which has sent no script yet, as the API's user.
        await using var api = await ServiceCredentials.ConnectRedisAsync(fixture.App, "redis-api");
        var script = new AdmissionScript(api, new RateLimitKeys(_scratch), Options.Create(new RateLimitOptions()), Options.Create(new QueueCapacityOptions()));
        var tenantId = Guid.NewGuid();
        var before = await CallsAsync("evalsha");

        const int Requests = 20;
        for (var i = 0; i < Requests; i++)
        {
            Assert.Equal(AdmissionOutcome.Accepted,
                (await script.AdmitAsync(tenantId, $"user-{i}", trace => QueueEntry.Single(Events(tenantId, 1)[0], trace), CancellationToken.None)).Outcome);
        }

        // The first request may send the text (EVAL); every later one sends the SHA1 only.
        var evalsha = await CallsAsync("evalsha") - before;
        Assert.True(evalsha >= Requests - 1, $"{evalsha} EVALSHA, {await CallsAsync("eval")} EVAL in all");

        // A server that lost its scripts (a restart, SCRIPT FLUSH) answers NOSCRIPT, having run nothing: the text is
        // sent again, and each request is admitted exactly once.
        await (await fixture.ConnectRedisAsync()).GetDatabase().ExecuteAsync("SCRIPT", "FLUSH");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(AdmissionOutcome.Accepted,
                (await script.AdmitAsync(tenantId, "after-flush", trace => QueueEntry.Single(Events(tenantId, 1)[0], trace), CancellationToken.None)).Outcome);
        }

        Assert.Equal(Requests + 2, await (await fixture.ConnectRedisAsync()).GetDatabase().StreamLengthAsync(Stream));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await (await fixture.ConnectRedisAsync()).GetDatabase().KeyDeleteAsync([Stream, Counter]);

    private async Task<long> CallsAsync(string command) =>
        await RedisCommandStats.CallsAsync((await fixture.ConnectRedisAsync()).GetDatabase(), command);

    private async Task<AdmissionScript> ScriptAsync(RateLimitOptions limits, long highWaterMark = QueueCapacityOptions.DefaultHighWaterMark) =>
        new(await fixture.ConnectRedisAsync(), new RateLimitKeys(_scratch), Options.Create(limits),
            Options.Create(new QueueCapacityOptions { QueueHighWaterMark = highWaterMark }));

    private static QueuedEvent[] Events(Guid tenantId, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new QueuedEvent(
            Guid.NewGuid(), tenantId, null, "DASHBOARD_VIEWED", "dashboard", null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null))];
}

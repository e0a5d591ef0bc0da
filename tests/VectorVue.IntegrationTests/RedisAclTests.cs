using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;
using VectorVue.TelemetryApi.Queue;
using VectorVue.TelemetryApi.RateLimiting;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Least privilege in Redis: the API and the worker connect as ACL users of their own, each allowed only the commands
/// its code runs, on the <c>vectorvue:*</c> keys (docs/architecture.md, "Least privilege").
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class RedisAclTests(VectorVueAppFixture fixture)
{
    private static readonly string Stream = VectorVueAppFixture.Stream.StreamKey;
    private static readonly string Group = VectorVueAppFixture.Stream.ConsumerGroup;

    [Fact]
    public async Task The_services_are_connected_as_their_own_users()
    {
        var redis = await fixture.ConnectRedisAsync();
        var clients = ((string)(await redis.GetDatabase().ExecuteAsync("CLIENT", "LIST"))!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(field => field.Split('=', 2)).Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1].Trim()))
            .ToList();

        Assert.Equal(["vectorvue-api"], clients.Where(c => c["name"] == "telemetry-api").Select(c => c["user"]).Distinct());
        Assert.Equal(["vectorvue-worker"], clients.Where(c => c["name"] == "worker").Select(c => c["user"]).Distinct());
    }

    [Fact]
    public async Task The_api_user_runs_what_the_api_runs()
    {
        await using var api = await ServiceCredentials.ConnectRedisAsync(fixture.App, "redis-api");
        // The API's own scripts, on a stream of the test's own (nobody reads it) and the keys beside it.
        var scratch = new StreamShards(new EventStreamOptions { StreamKey = $"vectorvue:test:{Guid.NewGuid():N}" });
        var keys = new RateLimitKeys(scratch);
        var tenantId = Guid.NewGuid();
        try
        {
            var admission = await new AdmissionScript(api, keys, Options.Create(new RateLimitOptions()), Options.Create(new QueueCapacityOptions()))
                .AdmitAsync(tenantId, "ada", trace => QueueEntry.Single(Event(tenantId), trace), CancellationToken.None);
            Assert.Equal(AdmissionOutcome.Accepted, admission.Outcome);
            Assert.True((await new TenantRequestLimiter(api, keys).AcquireAsync("analytics", tenantId, 1, TimeSpan.FromMinutes(1), CancellationToken.None)).Allowed);
        }
        finally
        {
            await (await fixture.ConnectRedisAsync()).GetDatabase().KeyDeleteAsync(
                [scratch.StreamKey(0), scratch.QueuedCounterKey(0), keys.User(tenantId, "ada"), keys.Tenant(tenantId), keys.Scope(tenantId, "analytics")]);
        }
    }

    [Fact]
    public async Task The_worker_user_runs_what_the_worker_runs()
    {
        await using var worker = await ServiceCredentials.ConnectRedisAsync(fixture.App, "redis-worker");
        var db = worker.GetDatabase();

        Assert.Contains(await db.StreamGroupInfoAsync(Stream), g => g.Name == Group);
        Assert.True((await db.StreamPendingAsync(Stream, Group)).PendingMessageCount >= 0);
        Assert.True(await db.KeyExistsAsync(Stream));
        Assert.Contains("maxmemory_policy", (string?)await db.ExecuteAsync("INFO", "memory"));
        var scratch = $"vectorvue:test:{Guid.NewGuid():N}";
        try
        {
            var id = await db.StreamAddAsync(scratch, "field", "value", maxLength: 10, useApproximateMaxLength: true);
            Assert.True(await db.StreamCreateConsumerGroupAsync(scratch, "probe", StreamPosition.Beginning));
            Assert.Single(await db.StreamReadGroupAsync(scratch, "probe", "probe-consumer", StreamPosition.NewMessages));

            // The commands its scripts call: the acknowledgement, the re-drive, the counter's resynchronisation.
            var counted = (RedisResult[])(await db.ScriptEvaluateAsync(
                """
                redis.call('INCRBY', KEYS[2], 3)
                local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
                redis.call('DECRBY', KEYS[2], acked)
                local groups = redis.call('XINFO', 'GROUPS', KEYS[1])
                return { redis.call('GET', KEYS[2]), #redis.call('XRANGE', KEYS[1], '-', '+'), #groups, redis.call('EXISTS', KEYS[1]) }
                """,
                [(RedisKey)scratch, (RedisKey)$"{scratch}:queued"], ["probe", id]))!;
            Assert.Equal(["2", "1", "1", "1"], counted.Select(r => r.ToString()));
        }
        finally
        {
            await (await fixture.ConnectRedisAsync()).GetDatabase().KeyDeleteAsync([scratch, $"{scratch}:queued"]);
        }
    }

    private static QueuedEvent Event(Guid tenantId) => new(
        Guid.NewGuid(), tenantId, null, "DASHBOARD_VIEWED", "dashboard", null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null);

    /// <summary>
    /// Commands outside a user's list are refused before Redis looks at the key, so scratch keys stand in for the real
    /// stream wherever a command would harm the system if it were ever allowed.
    /// </summary>
    public static TheoryData<string, string> Forbidden()
    {
        string[] neither =
        [
            "XDEL vectorvue:test:intruder 0-1", "DEL vectorvue:test:intruder", "FLUSHALL", "CONFIG SET maxmemory-policy noeviction",
            "CONFIG GET requirepass", "ACL SETUSER intruder", "KEYS *", "SET vectorvue:test:intruder 1", "PUBLISH vectorvue:events intruder",
            "XADD elsewhere * field value", "XLEN elsewhere",
        ];
        string[] notTheApi =
        [
            "XREADGROUP GROUP intruders intruder COUNT 1 STREAMS vectorvue:test:intruder >", "XACK {stream} {group} 0-1",
            "XAUTOCLAIM vectorvue:test:intruder intruders intruder 0 0-0 COUNT 1", "XPENDING {stream} {group}", "XINFO GROUPS {stream}",
            "XTRIM vectorvue:test:intruder MAXLEN 0", "XGROUP CREATE vectorvue:test:intruder intruders $ MKSTREAM", "INFO",
            "EVAL \"return redis.call('SET', KEYS[1], 1)\" 1 vectorvue:test:intruder",
            "EVAL \"return redis.call('XADD', KEYS[1], '*', 'f', 'v')\" 1 elsewhere", "XLEN {stream}",
            "ZADD vectorvue:test:intruder 1 m",
        ];
        string[] notTheWorker =
        [
            "EVAL \"return redis.call('SET', KEYS[1], 1)\" 1 vectorvue:test:intruder",
            "EVAL \"return redis.call('XADD', KEYS[1], '*', 'f', 'v')\" 1 elsewhere", "ZADD vectorvue:rl:{intruder}:tenant 1 m",
            "ZRANGE vectorvue:rl:{intruder}:tenant 0 -1", "XGROUP DESTROY vectorvue:test:intruder intruders",
            "XGROUP SETID vectorvue:test:intruder intruders $",
        ];

        var cases = new TheoryData<string, string>();
        foreach (var command in neither.Concat(notTheApi))
        {
            cases.Add("redis-api", command);
        }

        foreach (var command in neither.Concat(notTheWorker))
        {
            cases.Add("redis-worker", command);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task A_service_user_may_not(string connectionName, string command)
    {
        await using var connection = await ServiceCredentials.ConnectRedisAsync(fixture.App, connectionName);
        var words = Words(command.Replace("{stream}", Stream, StringComparison.Ordinal).Replace("{group}", Group, StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            connection.GetDatabase().ExecuteAsync(words[0], [.. words.Skip(1).Cast<object>()]));
        // Refused inside a script, Redis 7.0 answers "ERR The user executing the script can't …" instead.
        Assert.True(error.Message.StartsWith("NOPERM", StringComparison.Ordinal)
            || error.Message.Contains("The user executing the script can't", StringComparison.Ordinal), error.Message);
    }

    /// <summary>Splits a command line into words; a double-quoted word may hold spaces.</summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var quoted = command.Split('"');
        for (var i = 0; i < quoted.Length; i++)
        {
            if (i % 2 == 1)
            {
                words.Add(quoted[i]);
            }
            else
            {
                words.AddRange(quoted[i].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return words;
    }
}

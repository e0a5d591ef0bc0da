using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StackExchange.Redis;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The pipeline on a three-node Redis Cluster, the stream in three shards: the cluster as local mode forms it, every
/// tenant's events delivered exactly once whichever node holds its shard, the rate limits across two API replicas on
/// every shard, and one node killed and brought back.
/// </summary>
[Collection(ClusterAppGroup.Name)]
public sealed class ClusterTests(ClusterAppFixture fixture)
{
    private const string Events = "/api/v1/client/events";
    private const string ValidEvent = """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""";

    [Fact]
    public async Task Local_mode_forms_three_nodes_into_one_cluster_once_and_leaves_it_as_it_is_on_a_second_formation()
    {
        var redis = await fixture.ConnectRedisAsync();
        var before = await ClusterNodesAsync(redis);
        Assert.Equal(3, before.Count);
        Assert.All(before, node => Assert.Contains("master", node.Flags));
        Assert.All(before, node => Assert.DoesNotContain("fail", node.Flags));
        // redis-cli --cluster create hands the slots out in order: node i holds the i-th third.
        (int Start, int End)[] thirds = [(0, 5460), (5461, 10922), (10923, 16383)];
        Assert.Equal(thirds, before.OrderBy(n => n.Slots.Start).Select(n => n.Slots));
        foreach (var name in (string[])[.. ClusterAppFixture.Nodes, "redis"])
        {
            await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name).WaitAsync(TestTimeouts.Startup);
        }

        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(ClusterAppFixture.Formation, out var first));
        Assert.Equal(0, first.Snapshot.ExitCode);
        await fixture.RunCommandAsync(ClusterAppFixture.Formation, "resource-start");
        var second = await fixture.App.ResourceNotifications.WaitForResourceAsync(
                ClusterAppFixture.Formation,
                e => e.Snapshot.StartTimeStamp > first.Snapshot.StartTimeStamp && e.Snapshot.ExitCode is not null
                    && KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text))
            .WaitAsync(TestTimeouts.Startup);
        Assert.Equal(0, second.Snapshot.ExitCode);
        Assert.Equal(before.OrderBy(n => n.Id), (await ClusterNodesAsync(redis)).OrderBy(n => n.Id));
    }

    [Fact]
    public async Task Tenants_of_every_shard_are_delivered_exactly_once_each_shard_on_a_node_of_its_own()
    {
        await AssertShardIOnNodeIAsync();
        var tenants = await CreateTenantsOnEveryShardAsync(perShard: 4);
        using var client = fixture.CreateApiClient();

        var accepted = await Task.WhenAll(tenants.Select(async tenant =>
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 5; i++)
            {
                ids.Add(await AcceptedAsync(client, tenant.Id, $"u{i}", ValidEvent));
            }

            using var batch = await PostAsync(client, tenant.Id, "batcher", Batch(25), batch: true);
            var text = await batch.Content.ReadAsStringAsync();
            Assert.True(batch.StatusCode == HttpStatusCode.Accepted, $"batch: {(int)batch.StatusCode} {text}");
            ids.AddRange(AcceptedIds(text));
            return (tenant.Id, Ids: ids);
        }));

        foreach (var (tenantId, ids) in accepted)
        {
            Assert.Equal(30, ids.Count);
            await fixture.AuditAsync(tenantId, ids);
        }

        // Every shard's stream has had its tenants' entries, on its own node.
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        foreach (var key in fixture.Layout.StreamKeys)
        {
            Assert.NotEqual("0-0", (string?)(await db.StreamInfoAsync(key)).LastGeneratedId);
        }
    }

    [Fact]
    public async Task A_users_limit_and_the_tenant_ceiling_hold_across_two_replicas_on_every_shard()
    {
        var tenants = (await CreateTenantsOnEveryShardAsync(perShard: 1)).Select(t => t.Id);
        using var client = fixture.CreateApiClient();
        await Task.WhenAll(tenants.Select(async tenantId =>
        {
            // The user limit: batches, then single events (served by both replicas) down to nothing left, then 429.
            const int Singles = 6;
            foreach (var count in (int[])[100, VectorVueAppFixture.UserLimit - 100 - Singles])
            {
                using var batch = await PostAsync(client, tenantId, "limited", Batch(count), batch: true);
                Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
            }

            for (var left = Singles - 1; left >= 0; left--)
            {
                using var response = await PostAsync(client, tenantId, "limited", ValidEvent);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                Assert.Equal(left.ToString(CultureInfo.InvariantCulture), response.Headers.GetValues("RateLimit-Remaining").Single());
            }

            using var refused = await PostAsync(client, tenantId, "limited", ValidEvent);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
            var problem = await ApiClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.Equal("user", problem.GetProperty("scope").GetString());

            // The tenant ceiling: colleagues take the rest of it, batches refused whole past it, then nobody gets in.
            var rest = VectorVueAppFixture.TenantLimit - VectorVueAppFixture.UserLimit;
            for (var colleague = 0; rest > 0; colleague++)
            {
                var take = Math.Min(rest, 100);
                using var response = await PostAsync(client, tenantId, $"colleague-{colleague}", Batch(take), batch: true);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                rest -= take;
            }

            problem = await ApiClient.AssertProblemAsync(
                await PostAsync(client, tenantId, "one-more-user", ValidEvent), HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.Equal("tenant", problem.GetProperty("scope").GetString());
        }));
    }

    [Fact]
    public async Task Killing_one_node_refuses_only_its_shards_tenants_and_once_it_is_back_nothing_accepted_is_lost()
    {
        const int Victim = 1;
        var victimNode = ClusterAppFixture.Nodes[Victim];
        await AssertShardIOnNodeIAsync();
        var tenants = await CreateTenantsOnEveryShardAsync(perShard: 2);
        var ofVictim = tenants.Where(t => t.Shard == Victim).Select(t => t.Id).ToList();
        var ofOthers = tenants.Where(t => t.Shard != Victim).Select(t => t.Id).ToList();
        var accepted = tenants.ToDictionary(t => t.Id, _ => new List<Guid>());
        var refused = tenants.ToDictionary(t => t.Id, _ => 0);
        using var client = fixture.CreateApiClient();

        async Task SendAsync(Guid tenantId, int count)
        {
            for (var i = 0; i < count; i++)
            {
                accepted[tenantId].Add(await AcceptedAsync(client, tenantId, $"sender-{accepted[tenantId].Count}", ValidEvent));
            }
        }

        await Task.WhenAll(tenants.Select(t => SendAsync(t.Id, 10)));

        ResourceProcesses.KillHard(fixture.App, victimNode);
        try
        {
            await fixture.App.ResourceNotifications.WaitForResourceAsync(
                victimNode, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text)).WaitAsync(TestTimeouts.Startup);

            // Only the dead node's shard is refused, as unavailable (the script that would admit its events runs there)...
            await Task.WhenAll(ofVictim.Select(async tenantId =>
            {
                for (var i = 0; i < 3; i++)
                {
                    using var response = await PostAsync(client, tenantId, $"refused-{i}", ValidEvent);
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode} {text}");
                    Assert.Contains(JsonDocument.Parse(text).RootElement.GetProperty("reason").GetString(), (string[])["queue_unavailable", "rate_limiter_unavailable"]);
                    Assert.NotNull(response.Headers.RetryAfter);
                    refused[tenantId]++;
                }
            }));

            // ...while the other shards' tenants keep getting 202, singly and in batches.
            await Task.WhenAll(ofOthers.Select(tenantId => SendAsync(tenantId, 10)));
            foreach (var tenantId in ofOthers)
            {
                using var batch = await PostAsync(client, tenantId, "batcher", Batch(10), batch: true);
                var text = await batch.Content.ReadAsStringAsync();
                Assert.True(batch.StatusCode == HttpStatusCode.Accepted, $"batch while {victimNode} is down: {(int)batch.StatusCode} {text}");
                accepted[tenantId].AddRange(AcceptedIds(text));
            }
        }
        finally
        {
            await fixture.RunCommandAsync(victimNode, "resource-start");
        }

        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(victimNode).WaitAsync(TestTimeouts.Startup);
        await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync("redis").WaitAsync(TestTimeouts.Startup);

        // Back with its AOF: its tenants are accepted again once the services have reconnected to it.
        foreach (var tenantId in ofVictim)
        {
            using var reconnected = new CancellationTokenSource(TestTimeouts.Startup);
            while (true)
            {
                using var response = await PostAsync(client, tenantId, $"back-{refused[tenantId]}", ValidEvent);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    accepted[tenantId].Add(await EventIdAsync(response));
                    break;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                refused[tenantId]++;
                await Task.Delay(500, reconnected.Token);
            }
        }

        await Task.WhenAll(tenants.Select(t => SendAsync(t.Id, 5)));
        foreach (var tenant in tenants)
        {
            // A refused request never reached a live node, but one sent as the node came back may have: allow for it.
            await fixture.AuditAsync(tenant.Id, accepted[tenant.Id], unanswered: refused[tenant.Id]);
        }
    }

    /// <summary>
    /// Shard i's keys hash (<c>CLUSTER KEYSLOT</c>) into the slots <c>CLUSTER NODES</c> gives to <c>redis-i</c>, and
    /// the shard's queued-events counter into its stream's slot.
    /// </summary>
    private async Task AssertShardIOnNodeIAsync()
    {
        var redis = await fixture.ConnectRedisAsync();
        var nodes = await ClusterNodesAsync(redis);
        var server = redis.GetServers().First(s => s.IsConnected);
        var owners = new List<string>();
        for (var shard = 0; shard < fixture.Layout.Count; shard++)
        {
            var slot = (int)(await server.ExecuteAsync("CLUSTER", "KEYSLOT", fixture.Layout.StreamKey(shard)));
            Assert.Equal(slot, (int)(await server.ExecuteAsync("CLUSTER", "KEYSLOT", fixture.Layout.QueuedCounterKey(shard))));
            var owner = nodes.Single(node => node.Slots.Start <= slot && slot <= node.Slots.End);
            var port = fixture.App.GetEndpoint(ClusterAppFixture.Nodes[shard], "tcp").Port;
            Assert.True(owner.Address == $"127.0.0.1:{port}", $"shard {shard} (slot {slot}) is on {owner.Address}, not on {ClusterAppFixture.Nodes[shard]} (port {port})");
            owners.Add(owner.Id);
        }

        Assert.Equal(3, owners.Distinct().Count());
    }

    /// <summary>Fresh tenants, <paramref name="perShard"/> on each shard.</summary>
    private async Task<List<(Guid Id, int Shard)>> CreateTenantsOnEveryShardAsync(int perShard)
    {
        var tenants = new List<(Guid Id, int Shard)>();
        while (Enumerable.Range(0, fixture.Layout.Count).Any(shard => tenants.Count(t => t.Shard == shard) < perShard))
        {
            var (tenantId, _, _) = await fixture.CreateTenantAsync();
            var shard = fixture.Layout.ShardOf(tenantId);
            if (tenants.Count(t => t.Shard == shard) < perShard)
            {
                tenants.Add((tenantId, shard));
            }
        }

        return tenants;
    }

    private async Task<Guid> AcceptedAsync(HttpClient client, Guid tenantId, string user, string body)
    {
        using var response = await PostAsync(client, tenantId, user, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted,
            $"tenant {tenantId} (shard {fixture.Layout.ShardOf(tenantId)}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await EventIdAsync(response);
    }

    private static async Task<Guid> EventIdAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("event_id").GetGuid();

    /// <summary>A request of a user of the tenant (each user has a rate-limit bucket of their own).</summary>
    private Task<HttpResponseMessage> PostAsync(HttpClient client, Guid tenantId, string user, string body, bool batch = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, batch ? Events + "/batch" : Events)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.TokenFor(tenantId, user));
        return client.SendAsync(request);
    }

    /// <summary>The ids of a batch answer's accepted events.</summary>
    private static IEnumerable<Guid> AcceptedIds(string answer) =>
        JsonDocument.Parse(answer).RootElement.GetProperty("results").EnumerateArray()
            .Where(result => result.GetProperty("status").GetString() == "accepted")
            .Select(result => result.GetProperty("event_id").GetGuid());

    private static string Batch(int count) =>
        "{\"events\": [" + string.Join(',', Enumerable.Repeat(ValidEvent, count)) + "]}";

    private static async Task<List<ClusterNodeLine>> ClusterNodesAsync(IConnectionMultiplexer redis)
    {
        var server = redis.GetServers().First(s => s.IsConnected);
        var text = (string)(await server.ExecuteAsync("CLUSTER", "NODES"))!;
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ClusterNodeLine.Parse)];
    }

    /// <summary>One line of <c>CLUSTER NODES</c>: id, address, flags, link state and the one slot range a node holds here.</summary>
    private sealed record ClusterNodeLine(string Id, string Address, string Flags, string Link, (int Start, int End) Slots)
    {
        public static ClusterNodeLine Parse(string line)
        {
            var fields = line.Trim().Split(' ');
            var range = fields.Length > 8 ? fields[8].Split('-') : ["-1"];
            return new ClusterNodeLine(fields[0], fields[1].Split('@')[0], fields[2].Replace("myself,", "", StringComparison.Ordinal), fields[7],
                (int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[^1], CultureInfo.InvariantCulture)));
        }
    }
}

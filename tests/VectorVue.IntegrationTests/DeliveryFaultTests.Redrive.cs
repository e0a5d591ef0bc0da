using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The dead-letter re-drive: only with the worker's admin key, in chunks that each commit on their own, and never
/// past the queue's high-water mark.
/// </summary>
public sealed partial class DeliveryFaultTests
{
    private const string RedrivePath = "/admin/dead-letters/redrive";

    [Fact]
    public async Task The_redrive_endpoint_needs_the_workers_admin_key_and_make_redrive_has_it()
    {
        var key = await fixture.GetWorkerAdminKeyAsync();
        var wrongKey = new string(key.Select(c => c == 'a' ? 'b' : 'a').ToArray()); // same length, every character differs

        foreach (var authorization in (string?[])[null, $"Bearer {wrongKey}", $"Bearer {key[..^1]}", $"Basic {key}", "Bearer "])
        {
            using var worker = fixture.CreateWorkerClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, RedrivePath);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            var refused = await worker.SendAsync(request);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
            await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "unauthorized");
        }

        using (var worker = fixture.CreateWorkerClient(key))
        using (var allowed = await worker.PostAsync(RedrivePath, content: null))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // make redrive finds the key where the AppHost generated it, in the local data directory.
        var startInfo = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "redrive.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["WORKER_URL"] = fixture.App.GetEndpoint("worker", "http").ToString().TrimEnd('/'),
                ["VECTORVUE_DATA_DIR"] = fixture.DataDirectory,
            },
        };
        startInfo.Environment.Remove("VECTORVUE_WORKER_ADMIN_KEY");
        using var script = Process.Start(startInfo)!;
        var output = await script.StandardOutput.ReadToEndAsync().WaitAsync(TestTimeouts.Request);
        var errors = await script.StandardError.ReadToEndAsync().WaitAsync(TestTimeouts.Request);
        await script.WaitForExitAsync().WaitAsync(TestTimeouts.Request);
        Assert.True(script.ExitCode == 0, $"make redrive: {output}{errors}");
        Assert.True(JsonDocument.Parse(output).RootElement.TryGetProperty("redriven", out _), output);
    }

    [Fact]
    public async Task A_redrive_of_more_dead_letters_than_one_chunk_commits_chunk_by_chunk_and_stores_each_once()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        var letters = Enumerable.Range(0, 2 * FaultAppFixture.RedriveChunkSize + FaultAppFixture.RedriveChunkSize / 2)
            .Select(_ => NewEvent(tenantId, userId))
            .ToList();
        await InsertDeadLettersAsync(letters);
        await WaitForEmptyStreamAsync();

        var result = await RedriveAsync();
        Assert.True(result.Redriven >= letters.Count, $"re-drove {result.Redriven}");
        Assert.Null(result.StoppedBy);

        await fixture.AuditAsync(tenantId, [.. letters.Select(e => e.Id)]);
        // Each chunk was marked in its own transaction: the tenant's dead letters carry several re-drive instants,
        // none shared by more than a chunk.
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var chunks = new NpgsqlCommand(
            "SELECT count(*) FROM dead_letters WHERE tenant_id = $1 AND redriven_at IS NOT NULL GROUP BY redriven_at", connection)
        {
            Parameters = { new() { Value = tenantId } },
        };
        var sizes = new List<long>();
        await using (var reader = await chunks.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                sizes.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(letters.Count, sizes.Sum());
        Assert.True(sizes.Count >= 3 && sizes.All(size => size <= FaultAppFixture.RedriveChunkSize), $"chunks: {string.Join(", ", sizes)}");
    }

    [Fact]
    public async Task A_redrive_stops_at_the_high_water_mark_and_says_how_many_remain()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        var key = VectorVueAppFixture.Stream.StreamKey;
        await WaitForEmptyStreamAsync();

        const int Room = 30;
        var queued = Enumerable.Range(0, FaultAppFixture.HighWaterMark - Room).Select(_ => NewEvent(tenantId, userId)).ToList();
        var letters = Enumerable.Range(0, 100).Select(_ => NewEvent(tenantId, userId)).ToList();
        RedriveAnswer first, second;
        ExecuteCommandResult command;

        // While the worker cannot store (the table is locked), nothing it reads is acknowledged or trimmed: the
        // stream holds exactly what was added, 30 events short of the high-water mark — added as the API's admission
        // adds them, each entry with its count in the shard's queued-events counter, which the re-drive reads.
        await using (var connection = await fixture.OpenDatabaseAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE client_activity_events IN SHARE MODE", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var batch = db.CreateBatch();
            var added = queued.Select(e => batch.ScriptEvaluateAsync(
                "redis.call('XADD', KEYS[1], '*', ARGV[1], ARGV[2], ARGV[3], 1) return redis.call('INCRBY', KEYS[2], 1)",
                [key, fixture.Layout.QueuedCounterKey(0)],
                [StreamFields.Event, JsonSerializer.Serialize(e, QueueJsonContext.Default.QueuedEvent), StreamFields.Count])).ToList();
            batch.Execute();
            await Task.WhenAll(added);
            await InsertDeadLettersAsync(letters);
            var waiting = await CountWaitingDeadLettersAsync();

            first = await RedriveAsync();
            Assert.Equal((Room, waiting - Room, "high_water_mark"), (first.Redriven, first.Remaining, first.StoppedBy));
            Assert.Equal(FaultAppFixture.HighWaterMark, await db.StreamLengthAsync(key));

            second = await RedriveAsync();
            Assert.Equal((0, first.Remaining, "high_water_mark"), (second.Redriven, second.Remaining, second.StoppedBy));

            var worker = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "worker");
            command = await fixture.App.Services.GetRequiredService<ResourceCommandService>()
                .ExecuteCommandAsync(worker, "redrive-dead-letters").WaitAsync(TestTimeouts.Startup);
            await transaction.CommitAsync();
        }

        // The dashboard says it too.
        Assert.False(command.Success);
        Assert.Contains("high-water mark", command.Message);

        // Once the stream has drained, re-driving again moves the rest.
        await WaitForEmptyStreamAsync();
        var rest = await RedriveAsync();
        Assert.Null(rest.StoppedBy);
        Assert.True(rest.Redriven >= first.Remaining, $"re-drove {rest.Redriven} of {first.Remaining}");
        await fixture.AuditAsync(tenantId, [.. queued.Select(e => e.Id), .. letters.Select(e => e.Id)]);
    }

    /// <summary>
    /// Waits (bounded) until every entry is stored and trimmed and the queued-events counter says so: the stream has
    /// all its room. (Entries that were not counted when queued — by an API that does not count them — leave the
    /// counter below 0 until the worker's maintenance puts it back once nothing is queued.)
    /// </summary>
    private async Task WaitForEmptyStreamAsync()
    {
        await fixture.WaitForQueueDrainedAsync(TimeSpan.FromMinutes(1));
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        using var trimmed = new CancellationTokenSource(TestTimeouts.Delivery);
        while (await db.StreamLengthAsync(VectorVueAppFixture.Stream.StreamKey) > 0
            || (long?)await db.StringGetAsync(fixture.Layout.QueuedCounterKey(0)) is not (null or 0))
        {
            await Task.Delay(100, trimmed.Token);
        }
    }

    private async Task<RedriveAnswer> RedriveAsync()
    {
        using var worker = fixture.CreateWorkerClient(await fixture.GetWorkerAdminKeyAsync());
        using var response = await worker.PostAsync(RedrivePath, content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RedriveAnswer>())!;
    }

    /// <summary>Dead letters as the worker records them (the raw entry's fields as JSON), for events of a live tenant.</summary>
    private async Task InsertDeadLettersAsync(IEnumerable<QueuedEvent> events)
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var queued in events)
        {
            var payload = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                [StreamFields.Event] = JsonSerializer.Serialize(queued, QueueJsonContext.Default.QueuedEvent),
            });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                INSERT INTO dead_letters (stream_entry_id, event_id, tenant_id, payload, reason, error_code, delivery_count)
                VALUES ($1, $2, $3, $4, 'insert or update on table "client_activity_events" violates foreign key constraint', '23503', 3)
                """)
            {
                Parameters = { new() { Value = $"test-{queued.Id}" }, new() { Value = queued.Id }, new() { Value = queued.TenantId }, new() { Value = payload } },
            });
        }

        await batch.ExecuteNonQueryAsync();
    }

    private async Task<long> CountWaitingDeadLettersAsync()
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM dead_letters WHERE redriven_at IS NULL", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VectorVue.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("the repository root (VectorVue.sln) is not above the tests");
    }

    private sealed record RedriveAnswer(
        [property: System.Text.Json.Serialization.JsonPropertyName("redriven")] int Redriven,
        [property: System.Text.Json.Serialization.JsonPropertyName("remaining")] long Remaining,
        [property: System.Text.Json.Serialization.JsonPropertyName("stopped_by")] string? StoppedBy);
}

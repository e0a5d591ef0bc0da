using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>202 → row: an accepted event reaches PostgreSQL exactly as sent.</summary>
[Collection(SharedAppGroup.Name)]
public sealed class PipelineTests(VectorVueAppFixture fixture)
{
    [Fact]
    public async Task An_accepted_event_is_stored_with_every_field_as_sent()
    {
        var (tenantId, userId, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var timestamp = DateTimeOffset.UtcNow.AddMinutes(-3);
        var sentAt = timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await client.PostAsync("/api/v1/client/events", JsonContent(
            $$$"""
            {"event_type": "FINDING_ACKNOWLEDGED", "object_type": "finding", "object_id": "VV-2026-0042",
             "severity": "high", "timestamp": "{{{sentAt}}}",
             "metadata_json": {"view": "detail", "position": 3, "bulk": false, "note": null}}
            """));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("accepted").GetBoolean());
        var eventId = body.GetProperty("event_id").GetGuid();

        var row = await fixture.WaitForDatabaseAsync(c => ReadRowAsync(c, eventId), r => r is not null);

        Assert.NotNull(row);
        Assert.Equal(tenantId, row.TenantId);
        Assert.Equal(userId, row.UserId);
        Assert.Equal("FINDING_ACKNOWLEDGED", row.EventType);
        Assert.Equal("finding", row.ObjectType);
        Assert.Equal("VV-2026-0042", row.ObjectId);
        Assert.Equal("high", row.Severity);
        Assert.Equal(DateTimeOffset.Parse(sentAt, System.Globalization.CultureInfo.InvariantCulture), row.Timestamp);
        Assert.Equal("object", row.MetadataType);
        using var metadata = JsonDocument.Parse(row.MetadataJson!);
        Assert.Equal("detail", metadata.RootElement.GetProperty("view").GetString());
        Assert.Equal(3, metadata.RootElement.GetProperty("position").GetInt32());
        Assert.False(metadata.RootElement.GetProperty("bulk").GetBoolean());
        Assert.Equal(JsonValueKind.Null, metadata.RootElement.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task The_portals_minimal_payload_with_nulls_is_stored()
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId));

        using var response = await client.PostAsync("/api/v1/client/events", JsonContent(
            """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard", "object_id": null, "severity": null}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetGuid();
        Assert.Equal(7, eventId.Version); // server-generated ids are UUIDv7
        var row = await fixture.WaitForDatabaseAsync(c => ReadRowAsync(c, eventId), r => r is not null);
        Assert.Null(row!.UserId); // no 'sub' in the token
        Assert.Null(row.ObjectId);
        Assert.Null(row.Severity);
        Assert.Null(row.MetadataJson);
    }

    [Fact]
    public async Task The_same_client_event_id_sent_five_times_singly_and_in_batches_is_stored_once()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var clientEventId = Guid.NewGuid();
        var payload = $$"""{"event_type": "REPORT_DOWNLOADED", "object_type": "report", "event_id": "{{clientEventId}}"}""";
        var ids = new HashSet<Guid>();

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/api/v1/client/events", JsonContent(payload));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetGuid());
        }

        using (var batch = await client.PostAsync("/api/v1/client/events/batch", JsonContent($$"""{"events": [{{payload}}, {{payload}}]}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
            foreach (var result in (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray())
            {
                ids.Add(result.GetProperty("event_id").GetGuid());
            }
        }

        var storedId = Assert.Single(ids);
        await fixture.WaitForQueueDrainedAsync();
        Assert.NotNull(await fixture.WaitForDatabaseAsync(c => ReadRowAsync(c, storedId), r => r is not null));
        Assert.Equal(1, await CountTenantRowsAsync(fixture, tenantId));
    }

    [Fact]
    public async Task Two_tenants_sending_the_same_event_id_both_keep_their_event()
    {
        var sharedEventId = Guid.NewGuid();
        var payload = $$"""{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard", "event_id": "{{sharedEventId}}"}""";
        var tenants = new[] { await fixture.CreateTenantAsync(), await fixture.CreateTenantAsync() };

        foreach (var (tenantId, _, username) in tenants)
        {
            using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
            using var response = await client.PostAsync("/api/v1/client/events", JsonContent(payload));
            var eventId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetGuid();
            var row = await fixture.WaitForDatabaseAsync(c => ReadRowAsync(c, eventId), r => r is not null);
            Assert.Equal(tenantId, row!.TenantId);
        }
    }

    private static async Task<long> CountTenantRowsAsync(VectorVueAppFixture fixture, Guid tenantId)
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        return await CountTenantRowsAsync(connection, tenantId);
    }

    [Fact]
    public async Task One_trace_holds_the_request_and_the_workers_insert()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/client/events")
        {
            Content = JsonContent("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "severity": "critical"}"""),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom()}-01");

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // OTLP carries the trace id as 16 raw bytes; each export request comes from one service.
        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        static bool Holds(byte[] payload, string text) => payload.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        while (true)
        {
            var payloads = fixture.Telemetry.PayloadsContaining("traces", traceIdBytes);
            var api = payloads.Any(p => Holds(p, "telemetry-api") && Holds(p, "POST /api/v1/client/events"));
            var worker = payloads.Any(p => Holds(p, "worker") && Holds(p, "insert client_activity_events") && Holds(p, $"process {VectorVueAppFixture.Stream.StreamKey}"));
            if (api && worker)
            {
                break;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    [Fact]
    public async Task Two_worker_replicas_drain_the_stream_together_as_one_consumer_group()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var accepted = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var batch = "{\"events\": [" + string.Join(',', Enumerable.Repeat("""{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""", 20)) + "]}";
            using var response = await client.PostAsync("/api/v1/client/events/batch", JsonContent(batch));
            var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
            accepted.AddRange(results.EnumerateArray().Select(r => r.GetProperty("event_id").GetGuid()));
        }

        await fixture.AuditAsync(tenantId, accepted);
        var consumers = await (await fixture.ConnectRedisAsync()).GetDatabase()
            .StreamConsumerInfoAsync(VectorVueAppFixture.Stream.StreamKey, VectorVueAppFixture.Stream.ConsumerGroup);
        // Consumer names are <host>-<pid>-<loop>: count the worker processes among the recently active consumers.
        var active = consumers.Where(c => c.IdleTimeInMilliseconds < 5_000).Select(c => c.Name.ToString()).ToList();
        var processes = active.Select(name => name[..name.LastIndexOf('-')]).Distinct().ToList();
        Assert.True(processes.Count >= 2, $"active consumers: {string.Join(", ", active)}");
    }

    [Fact]
    public async Task A_redelivered_entry_is_stored_and_projected_into_analytics_once()
    {
        var (tenantId, userId, _) = await fixture.CreateTenantAsync();
        var now = DateTimeOffset.UtcNow;
        var queued = new QueuedEvent(Guid.CreateVersion7(), tenantId, userId, "FINDING_VIEWED", "finding", "F-REDELIVERED", "critical", now, now, null);
        var payload = JsonSerializer.Serialize(queued, QueueJsonContext.Default.QueuedEvent);
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();

        // What a worker crash between COMMIT and XACK looks like from the next delivery: the same entry again.
        for (var i = 0; i < 3; i++)
        {
            await db.StreamAddAsync(VectorVueAppFixture.Stream.StreamKey, StreamFields.Event, payload);
            await fixture.WaitForQueueDrainedAsync();
        }

        await fixture.AuditAsync(tenantId, [queued.Id]);
    }

    [Fact]
    public async Task A_tenant_or_user_named_in_the_body_is_ignored_for_the_tokens_own()
    {
        var (tenantId, userId, username) = await fixture.CreateTenantAsync();
        var (victimTenant, victimUser, _) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));

        using var response = await client.PostAsync("/api/v1/client/events", JsonContent(
            $$"""{"event_type": "FINDING_VIEWED", "object_type": "finding", "tenant_id": "{{victimTenant}}", "user_id": "{{victimUser}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("event_id").GetGuid();
        var row = await fixture.WaitForDatabaseAsync(c => ReadRowAsync(c, eventId), r => r is not null);
        Assert.Equal(tenantId, row!.TenantId);
        Assert.Equal(userId, row.UserId);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static async Task<long> CountTenantRowsAsync(NpgsqlConnection connection, Guid tenantId)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM client_activity_events WHERE tenant_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = tenantId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<StoredEvent?> ReadRowAsync(NpgsqlConnection connection, Guid id)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT tenant_id, user_id, event_type, object_type, object_id, severity, "timestamp",
                   metadata_json::text, jsonb_typeof(metadata_json)
            FROM client_activity_events WHERE id = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new StoredEvent(
            reader.GetGuid(0),
            reader.IsDBNull(1) ? null : reader.GetGuid(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8));
    }

    private sealed record StoredEvent(
        Guid TenantId, Guid? UserId, string EventType, string ObjectType, string? ObjectId, string? Severity,
        DateTimeOffset Timestamp, string? MetadataJson, string? MetadataType);
}

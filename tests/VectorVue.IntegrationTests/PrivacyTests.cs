using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VectorVue.Contracts;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The caller's IP address and user agent never reach a row, a stream entry, a log line, a span or a metric —
/// whatever the client sends in headers or metadata.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class PrivacyTests(VectorVueAppFixture fixture)
{
    private const string ForwardedIp = "198.51.100.77";
    private const string RealIp = "203.0.113.199";
    private const string MetadataIp = "192.0.2.45";
    private const string UserAgent = "VectorVueProbe/9.9 (PrivacyCheck; Unique-UA-7f3a)";
    private const string UaInMetadata = "MetadataAgent/4.2-unique-b81c";
    private const string BaggageIp = "198.51.100.231";
    private const string BaggageSecret = "baggage-secret-9d41";
    private const string ListedIp = "203.0.113.151";
    private const string BrowserUa = "Mozilla/5.0 (X11; Linux x86_64; Unique-Browser-c0de)";
    private static readonly string[] Secrets =
    [
        ForwardedIp, RealIp, MetadataIp, UserAgent, "Unique-UA-7f3a", UaInMetadata, "typed-secret-e55d", BaggageIp, BaggageSecret,
        ListedIp, "Unique-Browser-c0de", "navigator-ua-a9e2", "browser-ua-51f0", "query-secret-77b3",
    ];

    [Fact]
    public async Task Client_identity_leaves_no_trace_anywhere()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var metadata = $$$"""
            {"page": "findings", "ip": "{{{MetadataIp}}}", "client_ip": "x", "User-Agent": "{{{UaInMetadata}}}", "origin": "{{{MetadataIp}}}",
             "X-Forwarded-For": "{{{ForwardedIp}}}", "typed_text": "typed-secret-e55d", "keystrokes": 42,
             "nested": {"remote_addr": "{{{RealIp}}}", "peers": ["{{{MetadataIp}}}"], "ok": 1},
             "navigator.userAgent": "navigator-ua-a9e2", "browser_user_agent": "browser-ua-51f0", "client_ip_address": "x",
             "user_ip": "x", "typed_query": "query-secret-77b3", "agent": "{{{BrowserUa}}}", "hops": "{{{ListedIp}}}, 10.0.0.1",
             "via": "for={{{ListedIp}}}"}
            """;

        // A consumer group of the test's own: the stream keeps every entry this group has not read (trimming only
        // removes what every group has acknowledged), so the entries can be inspected after the worker is done.
        var redis = (await fixture.ConnectRedisAsync()).GetDatabase();
        var auditGroup = "privacy-audit-" + Guid.NewGuid().ToString("N")[..8];
        await redis.StreamCreateConsumerGroupAsync(VectorVueAppFixture.Stream.StreamKey, auditGroup, StackExchange.Redis.StreamPosition.NewMessages);

        var single = await SendAsync(client, "/api/v1/client/events",
            $$$"""{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "F-77", "metadata_json": {{{metadata}}}}""");
        var batch = await SendAsync(client, "/api/v1/client/events/batch",
            $$$"""{"events": [{"event_type": "REPORT_DOWNLOADED", "object_type": "report", "metadata_json": {{{metadata}}}}]}""");
        var singleId = single.GetProperty("event_id").GetGuid();
        var batchId = batch.GetProperty("results")[0].GetProperty("event_id").GetGuid();

        // The rows: stored, with the harmless metadata kept and nothing identifying.
        await fixture.WaitForQueueDrainedAsync();
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var rows = new Npgsql.NpgsqlCommand(
            "SELECT row_to_json(e)::text FROM client_activity_events e WHERE id = ANY($1)", connection)
        {
            Parameters = { new() { Value = new[] { singleId, batchId } } },
        };
        var stored = new List<string>();
        await using (var reader = await rows.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetString(0));
            }
        }

        Assert.Equal(2, stored.Count);
        Assert.All(stored, row => Assert.Contains("findings", row));
        AssertClean("table rows", string.Join('\n', stored));

        // The queue entries.
        var entries = await redis.StreamReadGroupAsync(VectorVueAppFixture.Stream.StreamKey, auditGroup, "auditor", StackExchange.Redis.StreamPosition.NewMessages, 10_000);
        await redis.StreamDeleteConsumerGroupAsync(VectorVueAppFixture.Stream.StreamKey, auditGroup);
        var ours = entries.Select(e => string.Join(' ', e.Values.Select(v => $"{v.Name}={v.Value}")))
            .Where(text => text.Contains(singleId.ToString(), StringComparison.Ordinal) || text.Contains(batchId.ToString(), StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, ours.Count);
        AssertClean("stream entries", string.Join('\n', ours));
        // Only the events, their number and the trace context travel: nothing else a client sends (W3C baggage) is
        // copied along, so nothing of it can reach a dead letter either (a dead letter keeps the entry's fields).
        Assert.All(entries.Where(e => ours.Contains(string.Join(' ', e.Values.Select(v => $"{v.Name}={v.Value}")))),
            entry => Assert.Subset(
                new HashSet<string> { StreamFields.Event, StreamFields.Events, StreamFields.Count, StreamFields.TraceParent, StreamFields.TraceState },
                entry.Values.Select(v => (string)v.Name!).ToHashSet()));

        // Spans, logs and metrics as exported to the dashboard, once the worker's spans for these events are in.
        using var timeout = new CancellationTokenSource(TestTimeouts.Delivery);
        while (!fixture.Telemetry.Contains("traces", singleId.ToString()) || !fixture.Telemetry.Contains("traces", batchId.ToString()))
        {
            await Task.Delay(200, timeout.Token);
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // one more export interval for logs and metrics
        Assert.NotEmpty(fixture.Telemetry.Received("logs"));
        Assert.NotEmpty(fixture.Telemetry.Received("metrics"));
        // What was dropped is visible to operators as a count, never as the values themselves.
        Assert.True(fixture.Telemetry.Contains("metrics", "vectorvue.ingest.metadata.keys_dropped"));
        foreach (var secret in Secrets)
        {
            Assert.False(fixture.Telemetry.ContainsAnywhere(secret), $"exported telemetry contains '{secret}'");
        }

        // The services' console output.
        Assert.NotEmpty(fixture.ConsoleLogs.Lines);
        AssertClean("console logs", string.Join('\n', fixture.ConsoleLogs.Lines));
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"{ForwardedIp}, 10.0.0.1");
        request.Headers.TryAddWithoutValidation("X-Real-IP", RealIp);
        request.Headers.TryAddWithoutValidation("Forwarded", $"for={ForwardedIp}");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.TryAddWithoutValidation("baggage", $"client.address={BaggageIp},note={BaggageSecret}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertClean(string where, string text)
    {
        foreach (var secret in Secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} contain '{secret}':\n{text}");
        }
    }
}

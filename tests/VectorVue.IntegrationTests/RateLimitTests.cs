using System.Net;
using System.Text;
using System.Text.Json;
using VectorVue.IntegrationTests.Infrastructure;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The limits live in Redis and hold across API replicas: the shared app runs two, behind one endpoint, so
/// consecutive requests are served by both.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class RateLimitTests(VectorVueAppFixture fixture)
{
    private const string Events = "/api/v1/client/events";
    private const string ValidEvent = """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""";

    [Fact]
    public void The_shared_app_runs_two_api_replicas_and_two_workers()
    {
        foreach (var name in (string[])["telemetry-api", "worker"])
        {
            var resource = fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);
            Assert.True(resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas));
            Assert.Equal(2, replicas.Replicas);
        }
    }

    [Fact]
    public async Task A_user_gets_120_events_per_window_across_replicas_then_429_while_a_colleague_is_unaffected()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));

        var accepted = 0;
        for (var i = 0; i < VectorVueAppFixture.UserLimit; i++)
        {
            using var response = await client.PostBodyAsync(Events, ValidEvent);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal((VectorVueAppFixture.UserLimit - i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                response.Headers.GetValues("RateLimit-Remaining").Single());
            accepted++;
        }

        using var refused = await client.PostBodyAsync(Events, ValidEvent);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        var problem = await ApiClient.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("user", problem.GetProperty("scope").GetString());
        Assert.Equal(VectorVueAppFixture.UserLimit, accepted);

        var colleague = "colleague-" + Guid.NewGuid().ToString("N")[..6];
        using var other = fixture.CreateApiClient(fixture.TokenFor(tenantId, colleague));
        using var otherResponse = await other.PostBodyAsync(Events, ValidEvent);
        Assert.Equal(HttpStatusCode.Accepted, otherResponse.StatusCode);
    }

    [Fact]
    public async Task A_batch_counts_each_event_and_is_refused_whole()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));

        using (var first = await client.PostBodyAsync(Events + "/batch", Batch(100)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        await ApiClient.AssertProblemAsync(
            await client.PostBodyAsync(Events + "/batch", Batch(21)), HttpStatusCode.TooManyRequests, "rate_limited");

        using var fits = await client.PostBodyAsync(Events + "/batch", Batch(20));
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);
        Assert.Equal(20, (await JsonDocument.ParseAsync(await fits.Content.ReadAsStreamAsync())).RootElement.GetProperty("accepted").GetInt32());

        await fixture.WaitForQueueDrainedAsync();
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM client_activity_events WHERE tenant_id = $1", connection)
        {
            Parameters = { new() { Value = tenantId } },
        };
        Assert.Equal(120L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_tenant_ceiling_holds_for_all_users_together()
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync();
        var perUser = 100;
        for (var user = 0; user < VectorVueAppFixture.TenantLimit / perUser; user++)
        {
            using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, $"user-{user}"));
            using var response = await client.PostBodyAsync(Events + "/batch", Batch(perUser));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var fresh = fixture.CreateApiClient(fixture.TokenFor(tenantId, "one-more-user"));
        var problem = await ApiClient.AssertProblemAsync(
            await fresh.PostBodyAsync(Events, ValidEvent), HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("tenant", problem.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_user_named_dash_and_tokens_without_sub_have_buckets_of_their_own()
    {
        var (tenantId, _, _) = await fixture.CreateTenantAsync();
        using var dash = fixture.CreateApiClient(fixture.TokenFor(tenantId, "-"));
        foreach (var count in (int[])[100, VectorVueAppFixture.UserLimit - 100])
        {
            using var response = await dash.PostBodyAsync(Events + "/batch", Batch(count));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var problem = await ApiClient.AssertProblemAsync(await dash.PostBodyAsync(Events, ValidEvent), HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("user", problem.GetProperty("scope").GetString());

        // "-" has spent its whole user limit; a token of the same tenant that names no user has not.
        using var nobody = fixture.CreateApiClient(fixture.TokenFor(tenantId, username: null));
        using var accepted = await nobody.PostBodyAsync(Events, ValidEvent);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal((VectorVueAppFixture.UserLimit - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            accepted.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task A_flood_of_large_invalid_batches_gets_429_once_its_parse_budget_is_spent_while_a_colleague_is_unaffected()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var flooder = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var invalid = LargeInvalidBatch();
        Assert.InRange(Encoding.UTF8.GetByteCount(invalid), VectorVueAppFixture.ParseBudgetBytes / 2 + 1, new IngestionOptions().MaxBatchBodyBytes);

        // A replica reads and refuses (422) a caller's batches until their bytes reach its budget: with batches of more
        // than half the budget, at most two each. After that many requests one replica has had a third, whatever the
        // balancing: it refuses without reading.
        var readAndRefused = 0;
        HttpResponseMessage? spent = null;
        for (var i = 0; i < (2 * VectorVueAppFixture.ApiReplicas) + 1 && spent is null; i++)
        {
            var response = await flooder.PostBodyAsync(Events + "/batch", invalid);
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                readAndRefused++;
                response.Dispose();
            }
            else
            {
                spent = response;
            }
        }

        Assert.True(spent is not null, $"{readAndRefused} batches were read and refused, none refused unread");
        var retryAfter = spent.Headers.RetryAfter?.Delta;
        var problem = await ApiClient.AssertProblemAsync(spent, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("parse_budget", problem.GetProperty("scope").GetString());
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);

        // A colleague of the same tenant is read and judged on the merits.
        using var colleague = fixture.CreateApiClient(fixture.TokenFor(tenantId, "colleague-" + Guid.NewGuid().ToString("N")[..6]));
        await ApiClient.AssertProblemAsync(await colleague.PostBodyAsync(Events + "/batch", invalid), HttpStatusCode.UnprocessableEntity, "invalid_fields");
        using var accepted = await colleague.PostBodyAsync(Events, ValidEvent);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Valid_traffic_within_the_limits_never_spends_the_parse_budget()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));

        // The whole user limit in events of the largest metadata kept, four to a batch (about 49 KB): thirty requests,
        // so one replica serves at least fifteen, and before its last one it has read more than its whole budget (with
        // a quarter to spare for what drains meanwhile). Were accepted bytes charged, that request would get 429.
        const int PerBatch = 4;
        var batch = "{\"events\": [" + string.Join(',', Enumerable.Repeat(LargeValidEvent(), PerBatch)) + "]}";
        var requests = VectorVueAppFixture.UserLimit / PerBatch;
        Assert.True(Encoding.UTF8.GetByteCount(batch) * ((requests / VectorVueAppFixture.ApiReplicas) - 1)
            > 1.25 * VectorVueAppFixture.ParseBudgetBytes, "the test must read more than a budget on one replica");

        for (var i = 0; i < requests; i++)
        {
            using var response = await client.PostBodyAsync(Events + "/batch", batch);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"batch {i + 1} of {requests}: {(int)response.StatusCode} {text}");
            Assert.Equal(PerBatch, JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32());
        }
    }

    private static string Batch(int count) =>
        "{\"events\": [" + string.Join(',', Enumerable.Repeat(ValidEvent, count)) + "]}";

    /// <summary>A hundred events of an unknown type, each carrying 5,000 characters: about 500 KB, every event refused.</summary>
    private static string LargeInvalidBatch()
    {
        var invalid = "{\"event_type\": \"FINDING_DELETED\", \"object_type\": \"finding\", \"metadata_json\": {\"note\": \""
            + new string('x', 5000) + "\"}}";
        return "{\"events\": [" + string.Join(',', Enumerable.Repeat(invalid, 100)) + "]}";
    }

    /// <summary>A valid event with the most metadata the sanitizer keeps: 24 keys of 500 characters each (about 12 KB).</summary>
    private static string LargeValidEvent()
    {
        var metadata = string.Join(", ", Enumerable.Range(0, 24).Select(k => $"\"k{k:00}\": \"{new string('a', 500)}\""));
        return """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard", "metadata_json": {""" + metadata + "}}";
    }
}

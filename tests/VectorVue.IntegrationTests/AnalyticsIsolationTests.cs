using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Analytics cannot crowd out ingestion or other tenants: each tenant has its own analytics request limit, shared by
/// both API replicas through Redis, and the analytics queries hold connections of their own pool only, so a burst of
/// slow summaries leaves the tenant look-ups that ingestion needs their connections.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class AnalyticsIsolationTests(VectorVueAppFixture fixture)
{
    private const string Summary = "/api/v1/client/analytics/summary";

    [Fact]
    public async Task Each_tenant_has_its_own_analytics_request_limit_across_the_replicas()
    {
        var (tenant, _, user) = await fixture.CreateTenantAsync();
        var (other, _, otherUser) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenant, user));
        using var colleague = fixture.CreateApiClient(fixture.TokenFor(tenant)); // the limit is the tenant's, not a user's

        // The fixture's window (10 min) is far longer than these requests take: the limit is reached, never slid past.
        for (var i = 0; i < VectorVueAppFixture.AnalyticsRequestLimit; i++)
        {
            using var answered = await (i % 2 == 0 ? client : colleague).GetAsync(Summary);
            Assert.True(answered.StatusCode == HttpStatusCode.OK, $"request {i + 1}: {(int)answered.StatusCode}");
        }

        using var refused = await client.GetAsync(Summary);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), VectorVueAppFixture.AnalyticsRequestWindow);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate_limited", problem.GetProperty("reason").GetString());
        Assert.Equal("analytics", problem.GetProperty("scope").GetString());
        Assert.Equal("urn:vectorvue:problem:rate_limited", problem.GetProperty("type").GetString());

        // Another tenant is unaffected, and so is the limited tenant's ingestion.
        using var otherClient = fixture.CreateApiClient(fixture.TokenFor(other, otherUser));
        using var others = await otherClient.GetAsync(Summary);
        Assert.Equal(HttpStatusCode.OK, others.StatusCode);
        using var ingested = await client.PostBodyAsync("/api/v1/client/events",
            """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""");
        Assert.Equal(HttpStatusCode.Accepted, ingested.StatusCode);
    }

    [Fact]
    public async Task Slow_analytics_queries_cannot_take_the_connections_ingestion_needs()
    {
        var (tenant, _, user) = await fixture.CreateTenantAsync();
        using var analytics = fixture.CreateApiClient(fixture.TokenFor(tenant, user));
        var analyticsConnections = VectorVueAppFixture.AnalyticsMaxConnections * VectorVueAppFixture.ApiReplicas;

        // Every analytics query reads client_activity_events: with the table locked, each holds its connection until
        // the lock is released — as slow as a query can be, with nothing left to timing.
        await using var database = await fixture.OpenDatabaseAsync();
        await using var transaction = await database.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE client_activity_events IN ACCESS EXCLUSIVE MODE", database, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        // Many more summaries than the analytics pools of both replicas hold (enough that each replica gets more
        // than its pool, however the requests are spread).
        var summaries = Enumerable.Range(0, analyticsConnections * 5).Select(_ => analytics.GetAsync(Summary)).ToList();
        try
        {
            // Both replicas' analytics pools are in use, every connection stuck behind the lock...
            await fixture.WaitForDatabaseAsync(AnalyticsConnectionsWaitingAsync, waiting => waiting == analyticsConnections);

            // ...and a tenant no replica has looked up yet is still resolved: its look-up has connections of its own.
            var (newcomer, _, newUser) = await fixture.CreateTenantAsync();
            using var ingest = fixture.CreateApiClient(fixture.TokenFor(newcomer, newUser));
            for (var i = 0; i < VectorVueAppFixture.ApiReplicas * 2; i++)
            {
                using var accepted = await ingest.PostBodyAsync("/api/v1/client/events",
                    """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""");
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            // The waiting summaries never took more connections than their pools hold.
            await using var again = await fixture.OpenDatabaseAsync();
            Assert.Equal(analyticsConnections, await AnalyticsConnectionsWaitingAsync(again));
        }
        finally
        {
            await transaction.RollbackAsync();
        }

        // Once the lock is gone each summary is answered, or — if it waited for a pooled connection longer than the
        // pool waits — refused as unavailable; never a 500.
        foreach (var summary in summaries)
        {
            using var response = await summary.WaitAsync(TestTimeouts.Request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await ApiClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "analytics_unavailable");
            }
        }
    }

    /// <summary>Analytics connections (named so by the API) waiting for a lock.</summary>
    private static async Task<long> AnalyticsConnectionsWaitingAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vectorvue-analytics' AND wait_event_type = 'Lock'",
            connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Net;
using System.Text;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// The worker's scripts — the acknowledgement that also lowers the queued-events counter, the counter's resync, the
/// re-drive — reach Redis by their SHA1 (<c>EVALSHA</c>), as the API's do: the text travels once, not with every call.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class WorkerScriptTests(VectorVueAppFixture fixture)
{
    [Fact]
    public async Task The_worker_acknowledges_by_sha1_and_after_redis_forgot_its_scripts_sends_the_text_again()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        var db = (await fixture.ConnectRedisAsync()).GetDatabase();
        await fixture.WaitForQueueDrainedAsync();
        var (evalBefore, evalshaBefore) = (await RedisCommandStats.CallsAsync(db, "eval"), await RedisCommandStats.CallsAsync(db, "evalsha"));

        // One event at a time, each acknowledged before the next is sent: an acknowledgement script per event.
        const int Events = 10;
        for (var i = 0; i < Events; i++)
        {
            await PostAndWaitForAcknowledgementAsync(client);
        }

        // Each script of either service may be sent as text once (to a server that had not cached it); meanwhile the
        // worker ran one acknowledgement per event and its counter resync every trim interval, which went as EVAL.
        var eval = await RedisCommandStats.CallsAsync(db, "eval") - evalBefore;
        var evalsha = await RedisCommandStats.CallsAsync(db, "evalsha") - evalshaBefore;
        Assert.True(eval <= 4, $"{eval} EVAL, {evalsha} EVALSHA for {Events} events");
        Assert.True(evalsha >= 2 * Events, $"{eval} EVAL, {evalsha} EVALSHA for {Events} events"); // admission + acknowledgement

        // A server that lost its scripts (a restart, SCRIPT FLUSH) answers NOSCRIPT, having run nothing: the worker
        // sends the text and the entry is acknowledged (not left pending to be redelivered).
        await db.ExecuteAsync("SCRIPT", "FLUSH");
        await PostAndWaitForAcknowledgementAsync(client);
    }

    private async Task PostAndWaitForAcknowledgementAsync(HttpClient client)
    {
        using var body = new StringContent("""{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/client/events", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await fixture.WaitForQueueDrainedAsync();
    }
}

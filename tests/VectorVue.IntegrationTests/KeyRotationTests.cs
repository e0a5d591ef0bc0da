using System.Net;
using VectorVue.DevTokens;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// A signing key rotated as docs/operations.md says, on API processes of the test's own (Production, the shared
/// app's PostgreSQL and Redis), one started per step: the portal's tokens of the previous key keep working while both
/// keys are configured, and stop the moment the previous key is removed. No step waits for a clock.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class KeyRotationTests(VectorVueAppFixture fixture)
{
    private const string Events = "/api/v1/client/events";
    private const string ValidEvent = """{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""";
    private const string NextKeyId = "2026-12";

    [Fact]
    public async Task Tokens_of_the_previous_key_pass_while_both_keys_are_configured_and_are_refused_once_it_is_removed()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        var previous = fixture.TokenSettings with { SigningKey = VectorVueTestApp.NewSigningKey() };
        var next = fixture.TokenSettings with { SigningKey = VectorVueTestApp.NewSigningKey(), KeyId = NextKeyId };
        var previousToken = new DevTokenFactory(previous, TimeProvider.System).Create(tenantId, username, TimeSpan.FromHours(1));
        var nextToken = new DevTokenFactory(next, TimeProvider.System).Create(tenantId, username, TimeSpan.FromHours(1));

        // 1. Before: one key without an id, the portal's tokens name no kid.
        await using (var api = await StartApiAsync(previousKey: previous.SigningKey, nextKey: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(api, previousToken));
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(api, nextToken));
        }

        // 2. The next key joins under its id: tokens of both keys pass (the portal switches in this step).
        await using (var api = await StartApiAsync(previousKey: previous.SigningKey, nextKey: next.SigningKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(api, previousToken));
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(api, nextToken));
        }

        // 3. The previous key is removed: its tokens are refused at once, however long they would still live.
        await using (var api = await StartApiAsync(previousKey: null, nextKey: next.SigningKey))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(api, previousToken));
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(api, nextToken));
        }
    }

    private async Task<ApiProcess> StartApiAsync(string? previousKey, string? nextKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__vectorvue"] = await fixture.GetDatabaseConnectionStringAsync(),
            ["ConnectionStrings__redis"] = await fixture.App.GetConnectionStringAsync("redis").AsTask().WaitAsync(TestTimeouts.Request),
            ["VectorVue__Jwt__Issuer"] = fixture.TokenSettings.Issuer,
            ["VectorVue__Jwt__Audience"] = fixture.TokenSettings.Audience,
        };
        if (previousKey is not null)
        {
            settings["VectorVue__Jwt__SigningKey"] = previousKey;
        }

        if (nextKey is not null)
        {
            settings["VectorVue__Jwt__SigningKeys__0__Id"] = NextKeyId;
            settings["VectorVue__Jwt__SigningKeys__0__Key"] = nextKey;
        }

        return await ApiProcess.StartAsync(settings);
    }

    private static async Task<HttpStatusCode> SendAsync(ApiProcess api, string token)
    {
        using var client = api.CreateClient(token);
        using var response = await client.PostBodyAsync(Events, ValidEvent);
        return response.StatusCode;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using VectorVue.DevTokens;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>HTTP in, problem+json out: every refusal is a precise 4xx, never a 500.</summary>
[Collection(SharedAppGroup.Name)]
public sealed class ContractTests(VectorVueAppFixture fixture)
{
    private const string ValidEvent = """{"event_type": "FINDING_VIEWED", "object_type": "finding", "severity": "low"}""";

    [Fact]
    public async Task No_token_is_401_problem()
    {
        using var client = fixture.CreateApiClient();
        await AssertProblemAsync(await PostAsync(client, ValidEvent), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var forged = new DevTokenFactory(VectorVueTestApp.NewSigningKey(), TimeProvider.System)
            .Create(VectorVueAppFixture.DemoTenantId, "demo", TimeSpan.FromHours(1));
        using var client = fixture.CreateApiClient(forged);
        await AssertProblemAsync(await PostAsync(client, ValidEvent), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var expired = fixture.Tokens.Create(VectorVueAppFixture.DemoTenantId, "demo", TimeSpan.FromMinutes(-5));
        using var client = fixture.CreateApiClient(expired);
        await AssertProblemAsync(await PostAsync(client, ValidEvent), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_garbage_token_is_401()
    {
        using var client = fixture.CreateApiClient("not.a.jwt");
        await AssertProblemAsync(await PostAsync(client, ValidEvent), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_unknown_tenant_is_403()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(Guid.NewGuid(), "someone"));
        await AssertProblemAsync(await PostAsync(client, ValidEvent), HttpStatusCode.Forbidden, "unknown_tenant");
    }

    [Fact]
    public async Task An_inactive_tenant_is_403()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync(active: false);
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        await AssertProblemAsync(await PostAsync(client, ValidEvent), HttpStatusCode.Forbidden, "inactive_tenant");
    }

    [Fact]
    public async Task An_unknown_event_type_is_422_naming_the_field()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        var problem = await AssertProblemAsync(
            await PostAsync(client, """{"event_type": "FINDING_EXPLODED", "object_type": "finding"}"""),
            (HttpStatusCode)422, "invalid_fields");
        Assert.True(problem.GetProperty("errors").TryGetProperty("event_type", out _));
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        await AssertProblemAsync(await PostAsync(client, """{"event_type": """), HttpStatusCode.BadRequest, "malformed_json");
    }

    [Fact]
    public async Task A_non_json_content_type_is_415()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        await AssertProblemAsync(await PostAsync(client, ValidEvent, "application/xml"), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Fact]
    public async Task The_demo_tenant_accepts_events_with_a_minted_token()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        using var response = await PostAsync(client, ValidEvent);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync("/api/v1/client/events", content);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Equal(reason, problem.GetProperty("reason").GetString());
            Assert.Equal("urn:vectorvue:problem:" + reason, problem.GetProperty("type").GetString());
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
            return problem;
        }
    }
}

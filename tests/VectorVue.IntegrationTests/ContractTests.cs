using System.Net;
using Microsoft.IdentityModel.Tokens;
using VectorVue.DevTokens;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>HTTP in, problem+json out: every refusal is a precise, counted 4xx; nothing a client sends gets a 500.</summary>
[Collection(SharedAppGroup.Name)]
public sealed class ContractTests(VectorVueAppFixture fixture)
{
    private const string Events = "/api/v1/client/events";
    private const string ValidEvent = """{"event_type": "FINDING_VIEWED", "object_type": "finding", "severity": "low"}""";

    private const string EightDaysAgo = "<8 days ago>";
    private const string TenMinutesAhead = "<10 minutes ahead>";

    private static string Instant(DateTimeOffset instant) =>
        instant.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string, string, int, string, string?> BadInputs()
    {
        string Event(string extra) => $$"""{"event_type": "FINDING_VIEWED", "object_type": "finding"{{extra}}}""";
        var deep = Event(""", "metadata_json": {"a": """ + string.Concat(Enumerable.Repeat("[", 10)) + string.Concat(Enumerable.Repeat("]", 10)) + "}");

        return new TheoryData<string, string, string, int, string, string?>
        {
            // case, body, content type, status, reason, failing field
            { "truncated JSON", """{"event_type": """, "application/json", 400, "malformed_json", null },
            { "not JSON at all", "event_type=FINDING_VIEWED", "application/json", 400, "malformed_json", null },
            { "duplicate keys", """{"event_type": "FINDING_VIEWED", "event_type": "DASHBOARD_VIEWED", "object_type": "finding"}""", "application/json", 400, "malformed_json", null },
            { "nesting too deep", deep, "application/json", 400, "malformed_json", null },
            { "body over 16 KiB", Event($$""", "metadata_json": {"a": "{{new string('x', 17 * 1024)}}"}"""), "application/json", 413, "body_too_large", null },
            { "XML", "<event/>", "application/xml", 415, "unsupported_media_type", null },
            { "form", "a=b", "application/x-www-form-urlencoded", 415, "unsupported_media_type", null },
            { "array body", "[]", "application/json", 422, "invalid_fields", "$" },
            { "unknown event type", """{"event_type": "FINDING_DELETED", "object_type": "finding"}""", "application/json", 422, "invalid_fields", "event_type" },
            { "missing event type", """{"object_type": "finding"}""", "application/json", 422, "invalid_fields", "event_type" },
            { "object type of another event", """{"event_type": "REPORT_DOWNLOADED", "object_type": "finding"}""", "application/json", 422, "invalid_fields", "object_type" },
            { "unknown object type", """{"event_type": "FINDING_VIEWED", "object_type": "asset"}""", "application/json", 422, "invalid_fields", "object_type" },
            { "numeric severity", Event(""", "severity": 1"""), "application/json", 422, "invalid_fields", "severity" },
            { "severity as digit string", Event(""", "severity": "1" """), "application/json", 422, "invalid_fields", "severity" },
            { "unknown severity", Event(""", "severity": "urgent" """), "application/json", 422, "invalid_fields", "severity" },
            { "object_id over 128", Event($$""", "object_id": "{{new string('f', 129)}}" """), "application/json", 422, "invalid_fields", "object_id" },
            { "object_id not a string", Event(""", "object_id": 42"""), "application/json", 422, "invalid_fields", "object_id" },
            { "timestamp without offset", Event(""", "timestamp": "2026-11-26T10:00:00" """), "application/json", 422, "invalid_fields", "timestamp" },
            { "timestamp not a date", Event(""", "timestamp": "yesterday" """), "application/json", 422, "invalid_fields", "timestamp" },
            { "timestamp 8 days old", Event($$""", "timestamp": "{{EightDaysAgo}}" """), "application/json", 422, "invalid_fields", "timestamp" },
            { "timestamp 10 minutes ahead", Event($$""", "timestamp": "{{TenMinutesAhead}}" """), "application/json", 422, "invalid_fields", "timestamp" },
            { "NUL in object_id", Event(""", "object_id": "F\u0000-1" """), "application/json", 422, "invalid_fields", "object_id" },
            { "control character in metadata", Event(""", "metadata_json": {"note": "a\u0007b"}"""), "application/json", 422, "invalid_fields", "metadata_json" },
            { "metadata not an object", Event(""", "metadata_json": "page=1" """), "application/json", 422, "invalid_fields", "metadata_json" },
            { "metadata number not finite", Event(""", "metadata_json": {"n": 1e999}"""), "application/json", 422, "invalid_fields", "metadata_json" },
            { "event_id not a UUID", Event(""", "event_id": "evt-1" """), "application/json", 422, "invalid_fields", "event_id" },
        };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_gets_its_precise_problem(string @case, string body, string contentType, int status, string reason, string? field)
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        // Instants relative to now are filled in when the case runs: the table is built when the tests are
        // discovered, which can be minutes earlier on a loaded machine.
        var now = DateTimeOffset.UtcNow;
        body = body
            .Replace(EightDaysAgo, Instant(now - TimeSpan.FromDays(8)), StringComparison.Ordinal)
            .Replace(TenMinutesAhead, Instant(now + TimeSpan.FromMinutes(10)), StringComparison.Ordinal);
        var problem = await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, body, contentType), (HttpStatusCode)status, reason);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{@case}: {problem}");
        }
    }

    public static TheoryData<string> Garbage() =>
    [
        "", "null", "0", "\"\"", "{}", "{\"events\": []}", "{\"event_type\": null, \"object_type\": null}",
        "{\"event_type\": {}, \"object_type\": []}", "{\"event_type\": \"\\ud800\", \"object_type\": \"finding\"}",
        "\u0000\u0001", "{\"metadata_json\": {\"\": \"\"}, \"event_type\": \"DASHBOARD_VIEWED\", \"object_type\": \"dashboard\"}",
        "{\"event_type\": \"FINDING_VIEWED\", \"object_type\": \"finding\", \"timestamp\": \"9999-12-31T23:59:59+14:00\"}",
        "{\"event_type\": \"FINDING_VIEWED\", \"object_type\": \"finding\", \"timestamp\": \"0001-01-01T00:00:00-14:00\"}",
    ];

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task No_input_gets_a_500(string body)
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        foreach (var path in (string[])[Events, Events + "/batch"])
        {
            using var response = await client.PostBodyAsync(path, body);
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode} to {body}");
        }
    }

    public static TheoryData<string, string> Attacks() => new()
    {
        { "no token", "" },
        { "garbage", "not.a.jwt" },
        { "alg none", "none" },
        { "RS256 (algorithm confusion)", "rs256" },
        { "HS512 with the right key", "hs512" },
        { "another key", "wrong-key" },
        { "expired beyond the skew", "expired" },
        { "no exp", "no-exp" },
        { "no tenant_id", "no-tenant" },
        { "tenant_id not a UUID", "bad-tenant" },
        { "sub longer than any user name", "long-sub" },
        { "another issuer", "wrong-issuer" },
        { "no issuer", "no-issuer" },
        { "another audience", "wrong-audience" },
        { "no audience", "no-audience" },
        { "exp − iat over the maximum lifetime", "too-long" },
        { "no iat, exp further away than the maximum lifetime", "too-long-no-iat" },
        { "iat in the future, so exp − iat looks short", "future-iat" },
        { "a kid this API does not know (signed with its key)", "unknown-kid" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Token_attacks_get_401(string @case, string attack)
    {
        using var client = fixture.CreateApiClient(Forge(attack));
        var problem = await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, ValidEvent), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), @case);
    }

    [Theory]
    [InlineData("wrong-issuer", "issuer ('iss')")]
    [InlineData("no-audience", "not meant for this API")]
    [InlineData("too-long", "at most 24 hours")]
    [InlineData("unknown-kid", "signing key is not one this API knows")]
    [InlineData("long-sub", "'sub' is longer than 200 characters")]
    public async Task A_refused_token_is_told_what_is_wrong_with_it(string attack, string detail)
    {
        using var client = fixture.CreateApiClient(Forge(attack));
        var problem = await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, ValidEvent), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }

    /// <summary>The token of an attack of <see cref="Attacks"/>: the shared app's own, with one thing wrong.</summary>
    private string? Forge(string attack)
    {
        var tenant = VectorVueAppFixture.DemoTenantId;
        var settings = fixture.TokenSettings;
        var now = DateTime.UtcNow;
        var beyondMaximum = DevTokenFactory.MaxLifetime + TimeSpan.FromMinutes(5);
        return attack switch
        {
            "" => null,
            "none" => ForgedTokens.Unsigned(settings, tenant),
            "rs256" => ForgedTokens.Rs256(settings, tenant),
            "hs512" => ForgedTokens.Hs512(settings, tenant),
            "wrong-key" => new DevTokenFactory(settings with { SigningKey = VectorVueTestApp.NewSigningKey() }, TimeProvider.System)
                .Create(tenant, "demo", TimeSpan.FromHours(1)),
            "expired" => fixture.Tokens.Create(tenant, "demo", TimeSpan.FromMinutes(-2)),
            "no-exp" => ForgedTokens.WithoutExpiry(settings, tenant),
            "no-tenant" => ForgedTokens.WithClaims(settings, new Dictionary<string, object> { ["sub"] = "demo" }),
            "bad-tenant" => ForgedTokens.WithClaims(settings, new Dictionary<string, object> { ["tenant_id"] = "acme", ["sub"] = "demo" }),
            "long-sub" => fixture.Tokens.Create(tenant, new string('d', 201), TimeSpan.FromHours(1)),
            "wrong-issuer" => ForgedTokens.Create(settings, tenant, t => t.Issuer = "https://portal.example.com"),
            "no-issuer" => ForgedTokens.Create(settings, tenant, t => t.Issuer = null),
            "wrong-audience" => ForgedTokens.Create(settings, tenant, t => t.Audience = "another-api"),
            "no-audience" => ForgedTokens.Create(settings, tenant, t => t.Audience = null),
            "too-long" => fixture.Tokens.Create(tenant, "demo", beyondMaximum),
            "too-long-no-iat" => ForgedTokens.Create(settings, tenant, t => (t.IssuedAt, t.Expires) = (null, now + beyondMaximum)),
            "future-iat" => ForgedTokens.Create(settings, tenant, t => (t.IssuedAt, t.Expires) = (now.AddDays(2), now.AddDays(2).AddHours(1))),
            "unknown-kid" => ForgedTokens.Create(settings, tenant,
                t => t.SigningCredentials = ForgedTokens.Hmac(settings.SigningKey, SecurityAlgorithms.HmacSha256, keyId: "2027-01")),
            _ => attack,
        };
    }

    [Fact]
    public async Task A_token_expired_within_the_skew_is_still_accepted()
    {
        using var client = fixture.CreateApiClient(fixture.Tokens.Create(VectorVueAppFixture.DemoTenantId, "demo", TimeSpan.FromSeconds(-20)));
        using var response = await client.PostBodyAsync(Events, ValidEvent);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Tokens_of_the_maximum_lifetime_are_accepted_with_or_without_iat()
    {
        var now = DateTime.UtcNow;
        string[] tokens =
        [
            fixture.Tokens.Create(VectorVueAppFixture.DemoTenantId, "demo", DevTokenFactory.MaxLifetime),
            ForgedTokens.Create(fixture.TokenSettings, VectorVueAppFixture.DemoTenantId,
                t => (t.IssuedAt, t.Expires) = (null, now + DevTokenFactory.MaxLifetime)),
        ];

        foreach (var token in tokens)
        {
            using var client = fixture.CreateApiClient(token);
            using var response = await client.PostBodyAsync(Events, ValidEvent);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_unknown_tenant_is_403()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(Guid.NewGuid(), "someone"));
        await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, ValidEvent), HttpStatusCode.Forbidden, "unknown_tenant");
    }

    [Fact]
    public async Task An_inactive_tenant_is_403()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync(active: false);
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, ValidEvent), HttpStatusCode.Forbidden, "inactive_tenant");
    }

    [Fact]
    public async Task A_new_tenant_becomes_usable_within_seconds()
    {
        var tenantId = Guid.NewGuid();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId));
        await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, ValidEvent), HttpStatusCode.Forbidden, "unknown_tenant");

        await fixture.InsertTenantAsync(tenantId);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            using var response = await client.PostBodyAsync(Events, ValidEvent);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            await Task.Delay(250, timeout.Token);
        }
    }

    [Fact]
    public async Task A_sendbeacon_text_plain_body_is_accepted()
    {
        using var client = fixture.CreateApiClient(fixture.TokenFor(VectorVueAppFixture.DemoTenantId, "demo"));
        using var response = await client.PostBodyAsync(Events, ValidEvent, "text/plain;charset=UTF-8");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_api_page_describe_ingestion_and_analytics_in_development()
    {
        using var client = fixture.CreateApiClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/client/events/batch", document);
        Assert.Contains("\"event_type\"", document);
        Assert.Contains("429", document);
        foreach (var report in (string[])["summary", "mtta", "mttr", "awareness", "responsiveness", "trend"])
        {
            Assert.Contains($"/api/v1/client/analytics/{report}", document);
        }

        Assert.Contains("\"mean_minutes\"", document);

        using var page = await client.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}

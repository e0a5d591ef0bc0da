using System.Net;
using System.Text.Json;
using Npgsql;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// A 202 is a promise the database must be able to keep: input PostgreSQL would refuse is refused by the API with
/// a precise 422 before it is accepted — never dead-lettered after a 202 — and what is accepted is stored as sent.
/// </summary>
[Collection(SharedAppGroup.Name)]
public sealed class HostileInputTests(VectorVueAppFixture fixture)
{
    private const string Events = "/api/v1/client/events";

    private static string EventWith(string metadata) =>
        $$"""{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "F-NUM", "metadata_json": {{metadata}}}""";

    /// <summary>Numbers that PostgreSQL's jsonb refuses (numeric out of range) or would spell out at enormous length.</summary>
    public static TheoryData<string> UnstorableNumbers() =>
    [
        "1e-99999",
        "0e-99999",
        "1e99999",
        "-1e400",
        "1e-16384",
        "1e131071",
        new string('9', 10_000),
        "0." + new string('0', 400) + "1",
    ];

    [Theory]
    [MemberData(nameof(UnstorableNumbers))]
    public async Task A_number_postgresql_cannot_store_is_refused_before_it_is_accepted(string number)
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));

        var single = await ApiClient.AssertProblemAsync(
            await client.PostBodyAsync(Events, EventWith($$"""{"n": {{number}}}""")), HttpStatusCode.UnprocessableEntity, "invalid_fields");
        Assert.True(single.GetProperty("errors").TryGetProperty("metadata_json", out _), single.ToString());

        using var batch = await client.PostBodyAsync(Events + "/batch",
            $$"""{"events": [{{EventWith($$"""{"n": {{number}}}""")}}, {{EventWith("""{"n": 1}""")}}]}""");
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        using var results = JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
        Assert.Equal(1, results.RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal("rejected", results.RootElement.GetProperty("results")[0].GetProperty("status").GetString());

        // Whatever got 202 is stored; nothing became a dead letter.
        await fixture.AuditAsync(tenantId, [results.RootElement.GetProperty("results")[1].GetProperty("event_id").GetGuid()]);
    }

    [Fact]
    public async Task Numbers_at_the_edges_of_what_postgresql_stores_are_accepted_and_stored_as_sent()
    {
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));
        const string Metadata = """{"max": 1.7976931348623157e308, "tiny": 4.9e-324, "big_int": 12345678901234567890123, "zero": 0e-400, "neg": -2.5E+3}""";

        using var response = await client.PostBodyAsync(Events, EventWith(Metadata));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("event_id").GetGuid();
        await fixture.AuditAsync(tenantId, [id]);

        await using var connection = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (metadata_json->>'big_int'), (metadata_json->'max')::numeric = 1.7976931348623157e308 FROM client_activity_events WHERE id = $1",
            connection) { Parameters = { new() { Value = id } } };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("12345678901234567890123", reader.GetString(0));
        Assert.True(reader.GetBoolean(1));
    }

    [Fact]
    public async Task An_event_valid_on_its_own_is_valid_inside_a_batch()
    {
        // Nesting of exactly the limit (8): the event object, its metadata object and six arrays.
        var deepest = EventWith("""{"a": [[[[[[]]]]]]}""");
        var tooDeep = EventWith("""{"a": [[[[[[[]]]]]]]}""");
        var (tenantId, _, username) = await fixture.CreateTenantAsync();
        using var client = fixture.CreateApiClient(fixture.TokenFor(tenantId, username));

        using (var single = await client.PostBodyAsync(Events, deepest))
        {
            Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
        }

        await ApiClient.AssertProblemAsync(await client.PostBodyAsync(Events, tooDeep), HttpStatusCode.BadRequest, "malformed_json");

        using var batch = await client.PostBodyAsync(Events + "/batch", $$"""{"events": [{{deepest}}]}""");
        var text = await batch.Content.ReadAsStringAsync();
        Assert.True(batch.StatusCode == HttpStatusCode.Accepted, text);
        Assert.Equal(1, JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32());

        await ApiClient.AssertProblemAsync(
            await client.PostBodyAsync(Events + "/batch", $$"""{"events": [{{tooDeep}}]}"""), HttpStatusCode.BadRequest, "malformed_json");
    }
}

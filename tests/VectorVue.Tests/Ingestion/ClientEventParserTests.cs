using System.Text.Json;
using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.Tests.Ingestion;

public sealed class ClientEventParserTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly ClientEventParser _parser = new(Options.Create(new IngestionOptions()));

    private EventParseResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return _parser.Parse(document.RootElement, ReceivedAt);
    }

    [Fact]
    public void The_portals_exact_payload_is_accepted_in_stored_form()
    {
        var result = Parse("""
            {"event_type": " finding_viewed ", "object_type": "Finding", "object_id": null, "severity": "CRITICAL",
             "timestamp": "2026-11-26T11:59:00.123Z", "metadata_json": {"page": "findings", "count": 3, "flag": true, "none": null}}
            """);

        Assert.True(result.IsValid);
        var e = result.Event!;
        Assert.Equal("FINDING_VIEWED", e.EventType);
        Assert.Equal("finding", e.ObjectType);
        Assert.Null(e.ObjectId);
        Assert.Equal("critical", e.Severity);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 59, 0, 123, TimeSpan.Zero), e.Timestamp);
        Assert.Equal("""{"page":"findings","count":3,"flag":true,"none":null}""", e.MetadataJson);
        Assert.Null(e.EventId);
    }

    [Fact]
    public void A_missing_timestamp_means_the_receive_time_and_missing_metadata_stays_null()
    {
        var result = Parse("""{"event_type": "DASHBOARD_VIEWED", "object_type": "dashboard"}""");

        Assert.True(result.IsValid);
        Assert.Equal(ReceivedAt, result.Event!.Timestamp);
        Assert.Null(result.Event.MetadataJson);
        Assert.Null(result.Event.Severity);
    }

    [Fact]
    public void An_offset_timestamp_is_stored_as_the_same_instant_in_utc()
    {
        var result = Parse("""{"event_type": "REPORT_DOWNLOADED", "object_type": "report", "timestamp": "2026-11-26T13:30:00+02:00"}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 30, 0, TimeSpan.Zero), result.Event!.Timestamp);
        Assert.Equal(TimeSpan.Zero, result.Event.Timestamp.Offset);
    }

    [Theory]
    [InlineData("""{"event_type": "FINDING_DELETED", "object_type": "finding"}""", "event_type")]
    [InlineData("""{"object_type": "finding"}""", "event_type")]
    [InlineData("""{"event_type": 3, "object_type": "finding"}""", "event_type")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "report"}""", "object_type")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "asset"}""", "object_type")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "severity": 1}""", "severity")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "severity": "1"}""", "severity")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "timestamp": "2026-11-26T11:00:00"}""", "timestamp")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "timestamp": "yesterday"}""", "timestamp")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "timestamp": "2026-11-01T00:00:00Z"}""", "timestamp")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "timestamp": "2026-11-26T12:06:00Z"}""", "timestamp")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "event_id": "not-a-uuid"}""", "event_id")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "metadata_json": [1]}""", "metadata_json")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "metadata_json": {"a": "x\u0000y"}}""", "metadata_json")]
    [InlineData("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "F\u0007"}""", "object_id")]
    public void Each_broken_rule_names_its_field(string json, string field)
    {
        var result = Parse(json);

        Assert.False(result.IsValid);
        Assert.Contains(field, result.Errors.Keys);
    }

    [Fact]
    public void Every_failing_field_is_named_at_once()
    {
        var result = Parse("""{"event_type": "NOPE", "object_type": "nope", "severity": "urgent", "object_id": 5}""");

        Assert.Equal(["event_type", "object_id", "object_type", "severity"], result.Errors.Keys.Order());
    }

    [Fact]
    public void Object_id_is_limited_to_128_characters()
    {
        Assert.True(Parse($$"""{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "{{new string('a', 128)}}"}""").IsValid);
        Assert.False(Parse($$"""{"event_type": "FINDING_VIEWED", "object_type": "finding", "object_id": "{{new string('a', 129)}}"}""").IsValid);
    }

    [Fact]
    public void A_client_event_id_is_kept_and_body_identity_fields_are_ignored()
    {
        var result = Parse("""
            {"event_type": "FINDING_ACKNOWLEDGED", "object_type": "finding", "event_id": "0192d4e0-7b5c-7a1e-9f2b-3c4d5e6f7a8b",
             "tenant_id": "11111111-1111-1111-1111-111111111111", "user_id": "22222222-2222-2222-2222-222222222222"}
            """);

        Assert.True(result.IsValid);
        Assert.Equal(Guid.Parse("0192d4e0-7b5c-7a1e-9f2b-3c4d5e6f7a8b"), result.Event!.EventId);
    }

    [Fact]
    public void A_non_object_body_is_refused()
    {
        Assert.False(Parse("[]").IsValid);
        Assert.False(Parse("\"FINDING_VIEWED\"").IsValid);
    }
}

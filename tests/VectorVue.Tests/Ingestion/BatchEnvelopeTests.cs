using System.Text.Json;
using Microsoft.Extensions.Options;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.Tests.Ingestion;

public sealed class BatchEnvelopeTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxSkew = TimeSpan.FromDays(7);

    private static (BatchEnvelope? Envelope, Dictionary<string, string[]> Errors) Read(string json, int maxEvents = 100)
    {
        var errors = new Dictionary<string, string[]>();
        using var document = JsonDocument.Parse(json);
        var envelope = BatchEnvelope.Read(document.RootElement.Clone(), maxEvents, MaxSkew, ReceivedAt, errors);
        return (envelope, errors);
    }

    [Fact]
    public void Sent_at_gives_the_clock_correction_that_maps_client_time_to_server_time()
    {
        // The client's clock runs 90 s behind: it says it sent at 11:58:30 what arrived at 12:00:00.
        var (envelope, _) = Read("""{"sent_at": "2026-11-26T11:58:30Z", "events": [{}]}""");

        Assert.Equal(TimeSpan.FromSeconds(90), envelope!.ClockCorrection);

        var parser = new ClientEventParser(Options.Create(new IngestionOptions()));
        using var e = JsonDocument.Parse("""{"event_type": "FINDING_VIEWED", "object_type": "finding", "timestamp": "2026-11-26T11:58:00Z"}""");
        var parsed = parser.Parse(e.RootElement, ReceivedAt, envelope.ClockCorrection);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 59, 30, TimeSpan.Zero), parsed.Event!.Timestamp);
    }

    [Fact]
    public void Without_sent_at_timestamps_are_kept()
    {
        var (envelope, errors) = Read("""{"events": [{}, {}]}""");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.Zero, envelope!.ClockCorrection);
        Assert.Equal(2, envelope.Events.Length);
    }

    [Theory]
    [InlineData("""[]""", "$")]
    [InlineData("""{}""", "events")]
    [InlineData("""{"events": {}}""", "events")]
    [InlineData("""{"events": []}""", "events")]
    [InlineData("""{"events": [{}, {}, {}, {}]}""", "events")]
    [InlineData("""{"sent_at": "noon", "events": [{}]}""", "sent_at")]
    [InlineData("""{"sent_at": "2026-11-26T12:00:00", "events": [{}]}""", "sent_at")]
    [InlineData("""{"sent_at": "2025-01-01T00:00:00Z", "events": [{}]}""", "sent_at")]
    public void A_broken_envelope_names_its_field(string json, string field)
    {
        var (envelope, errors) = Read(json, maxEvents: 3);

        Assert.Null(envelope);
        Assert.Contains(field, errors.Keys);
    }
}

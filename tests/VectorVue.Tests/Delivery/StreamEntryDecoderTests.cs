using System.Text.Json;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>Both shapes of stream entry decoded into their events; what cannot be read kept apart, per event where possible.</summary>
public sealed class StreamEntryDecoderTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void A_single_event_entry_without_a_count_is_one_event_counted_once()
    {
        var queued = NewEvent();
        var entry = Decode([new(StreamFields.Event, Json(queued)), new(StreamFields.TraceParent, TraceParent)]);

        Assert.False(entry.IsBatch);
        Assert.Equal(1, entry.CountedEvents);
        Assert.Equal(queued, Assert.Single(entry.Events).Event);
    }

    [Fact]
    public void A_batch_entry_holds_each_of_its_events_in_order_and_counts_its_n()
    {
        QueuedEvent[] events = [NewEvent(), NewEvent(), NewEvent()];
        var entry = Decode(
        [
            new(StreamFields.Events, JsonSerializer.Serialize(events, QueueJsonContext.Default.QueuedEventArray)),
            new(StreamFields.Count, 3),
            new(StreamFields.TraceParent, TraceParent),
        ]);

        Assert.True(entry.IsBatch);
        Assert.Equal(3, entry.CountedEvents);
        Assert.Equal(events, entry.Events.Select(e => e.Event));
        Assert.Equal([0, 1, 2], entry.Events.Select(e => e.Index));
        Assert.Empty(entry.Malformed);
    }

    [Fact]
    public void Elements_of_a_batch_that_are_not_events_are_kept_apart_and_the_others_decoded()
    {
        QueuedEvent[] events = [NewEvent(), NewEvent()];
        var json = $"[{Json(events[0])}, {{\"id\": \"not-a-guid\"}}, {{\"event_type\": null}}, {Json(events[1])}]";
        var entry = Decode([new(StreamFields.Events, json), new(StreamFields.Count, 4)]);

        Assert.Equal(events, entry.Events.Select(e => e.Event));
        Assert.Equal([0, 3], entry.Events.Select(e => e.Index));
        Assert.Equal([1, 2], entry.Malformed.Select(m => m.Index));
        Assert.Equal("{\"id\": \"not-a-guid\"}", entry.Malformed[0].Json);
    }

    [Theory]
    [InlineData(StreamFields.Event, "{not an event")]
    [InlineData(StreamFields.Event, "{\"id\": \"0190b0f6-0000-7000-8000-000000000000\"}")]
    [InlineData(StreamFields.Events, "[not json")]
    [InlineData(StreamFields.Events, "{\"event_type\": \"FINDING_VIEWED\"}")]
    [InlineData("something", "else")]
    public void An_entry_holding_nothing_readable_is_undecodable_with_a_reason(string field, string value)
    {
        var raw = new StackExchange.Redis.StreamEntry("1-0", [new NameValueEntry(field, value)]);

        Assert.Null(StreamEntryDecoder.TryDecode(raw, shard: 0, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    private static DecodedEntry Decode(NameValueEntry[] fields)
    {
        var entry = StreamEntryDecoder.TryDecode(new StackExchange.Redis.StreamEntry("1700000000000-0", fields), shard: 2, out var error);
        Assert.True(entry is not null, error);
        Assert.Equal(2, entry.Shard);
        return entry;
    }

    private static string Json(QueuedEvent queued) => JsonSerializer.Serialize(queued, QueueJsonContext.Default.QueuedEvent);

    private static QueuedEvent NewEvent()
    {
        var now = DateTimeOffset.UtcNow;
        return new QueuedEvent(Guid.CreateVersion7(), Guid.NewGuid(), null, EventTypes.FindingViewed, ObjectTypes.Finding, "F-1", Severities.High, now, now, null);
    }
}

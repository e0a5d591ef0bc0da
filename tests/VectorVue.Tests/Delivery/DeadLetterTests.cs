using System.Text.Json;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.Worker.DeadLetters;
using VectorVue.Worker.Draining;

namespace VectorVue.Tests.Delivery;

/// <summary>A dead letter is one event, as a single-event entry, under a key unique per event and shard.</summary>
public sealed class DeadLetterTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void An_event_of_a_batch_entry_becomes_a_single_event_entry_with_the_requests_trace_context()
    {
        var now = DateTimeOffset.UtcNow;
        QueuedEvent[] events =
        [
            new(Guid.CreateVersion7(), Guid.NewGuid(), null, EventTypes.ReportDownloaded, ObjectTypes.Report, null, null, now, now, null),
            new(Guid.CreateVersion7(), Guid.NewGuid(), null, EventTypes.DashboardViewed, ObjectTypes.Dashboard, null, null, now, now, null),
        ];
        var entry = StreamEntryDecoder.TryDecode(new StackExchange.Redis.StreamEntry("1700000000000-4",
        [
            new(StreamFields.Events, JsonSerializer.Serialize(events, QueueJsonContext.Default.QueuedEventArray)),
            new(StreamFields.Count, 2),
            new(StreamFields.TraceParent, TraceParent),
        ]), shard: 1, out _)!;

        var letter = DeadLetter.OfEvent(entry.Events[1], shards: 3, "refused", "23503", deliveries: 5);

        Assert.Equal("1:1700000000000-4/1", letter.Key);
        Assert.Equal((events[1].Id, events[1].TenantId, 5), (letter.EventId, letter.TenantId, letter.DeliveryCount));
        var fields = letter.Fields.ToDictionary(f => (string)f.Name!, f => (string)f.Value!);
        Assert.Equal([StreamFields.Event, StreamFields.Count, StreamFields.TraceParent], fields.Keys);
        Assert.Equal(events[1], JsonSerializer.Deserialize(fields[StreamFields.Event], QueueJsonContext.Default.QueuedEvent));
        Assert.Equal(("1", TraceParent), (fields[StreamFields.Count], fields[StreamFields.TraceParent]));
    }

    [Fact]
    public void A_single_event_entry_is_kept_as_queued_under_its_own_id_with_one_shard()
    {
        var now = DateTimeOffset.UtcNow;
        var queued = new QueuedEvent(Guid.CreateVersion7(), Guid.NewGuid(), null, EventTypes.DashboardViewed, ObjectTypes.Dashboard, null, null, now, now, null);
        NameValueEntry[] raw = [new(StreamFields.Event, JsonSerializer.Serialize(queued, QueueJsonContext.Default.QueuedEvent))];
        var entry = StreamEntryDecoder.TryDecode(new StackExchange.Redis.StreamEntry("1700000000000-7", raw), shard: 0, out _)!;

        var letter = DeadLetter.OfEvent(entry.Events[0], shards: 1, "refused", "23503", deliveries: 3);

        Assert.Equal("1700000000000-7", letter.Key);
        Assert.Equal(raw, letter.Fields);
    }
}

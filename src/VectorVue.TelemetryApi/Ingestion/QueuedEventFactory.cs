using VectorVue.Contracts;
using VectorVue.TelemetryApi.Callers;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>Joins a valid client event with the identity from the token into the stream entry's event.</summary>
internal static class QueuedEventFactory
{
    public static QueuedEvent Create(Caller caller, ClientEvent clientEvent, DateTimeOffset receivedAt) => new(
        Id: EventIdentity.For(caller.TenantId, clientEvent.EventId, receivedAt),
        TenantId: caller.TenantId,
        UserId: caller.UserId,
        EventType: clientEvent.EventType,
        ObjectType: clientEvent.ObjectType,
        ObjectId: clientEvent.ObjectId,
        Severity: clientEvent.Severity,
        Timestamp: clientEvent.Timestamp,
        ReceivedAt: receivedAt,
        MetadataJson: clientEvent.MetadataJson);
}

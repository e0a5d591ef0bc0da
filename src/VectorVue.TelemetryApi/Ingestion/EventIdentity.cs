using System.Security.Cryptography;

namespace VectorVue.TelemetryApi.Ingestion;

/// <summary>
/// The stored id of an event. A client <c>event_id</c> is an idempotency key within its tenant, so the stored id
/// is derived from both (a name-based UUIDv5 in the tenant's namespace): the same key from the same tenant always
/// maps to the same row, and two tenants that happen to send the same key can never overwrite or suppress each
/// other's events. Without a client key the server assigns a time-ordered UUIDv7.
/// </summary>
internal static class EventIdentity
{
    public static Guid For(Guid tenantId, Guid? clientEventId, DateTimeOffset receivedAt) =>
        clientEventId is { } key ? NameBased(tenantId, key) : Guid.CreateVersion7(receivedAt);

    /// <summary>RFC 9562 §5.5: SHA-1 of namespace and name, version 5, variant 10.</summary>
    internal static Guid NameBased(Guid @namespace, Guid name)
    {
        Span<byte> input = stackalloc byte[32];
        @namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        name.TryWriteBytes(input[16..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 9562 defines version 5 with SHA-1; it derives an id here, it protects nothing.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

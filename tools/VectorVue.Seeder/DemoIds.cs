using System.Security.Cryptography;
using System.Text;

namespace VectorVue.Seeder;

/// <summary>
/// Name-based ids (UUIDv5, RFC 9562 §5.5): a tenant is named by its profile, seed and volume, a user by its tenant
/// and username, an event by its tenant and index. The same spec always yields the same rows, so loading it again
/// finds every id already present and changes nothing.
/// </summary>
internal static class DemoIds
{
    /// <summary>The seeder's own namespace; no other part of the system derives ids from it.</summary>
    public static readonly Guid Namespace = Guid.Parse("5eed0000-7e1e-4e7a-9c1d-000000000001");

    public static Guid Tenant(string profileKey, long seed, int volume) =>
        NameBased(Namespace, $"{profileKey}:{seed}:{volume}");

    public static Guid User(Guid tenantId, string username) => NameBased(tenantId, $"user:{username}");

    public static Guid Event(Guid tenantId, int index) => NameBased(tenantId, $"event:{index}");

    internal static Guid NameBased(Guid @namespace, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        @namespace.TryWriteBytes(input[..16], bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 9562 defines version 5 with SHA-1; it derives an id here, it protects nothing.
        SHA1.HashData(input[..length], hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

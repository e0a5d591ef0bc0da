using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace VectorVue.TelemetryApi.RateLimiting;

/// <summary>
/// The user part of a rate-limit key. A user name is client-chosen text (the token's <c>sub</c>): inside a key it is
/// always the base64url SHA-256 of its UTF-8 bytes, 43 characters of <c>A–Z a–z 0–9 - _</c> whatever its length or
/// characters, so no name can reach outside its part of the key, collide with another name through a separator, or
/// be the <see cref="NoUser"/> bucket of tokens without <c>sub</c>.
/// </summary>
internal static class UserBucket
{
    /// <summary>The bucket of a tenant's tokens that name no user; never the encoding of a name (those are 43 characters).</summary>
    public const string NoUser = "none";

    public static string Of(string? username)
    {
        if (username is null)
        {
            return NoUser;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(username), hash);
        return Base64Url.EncodeToString(hash);
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Tokens an attacker or a broken client could send; every one of them must get 401.</summary>
internal static class ForgedTokens
{
    public static string Unsigned(Guid tenantId) =>
        $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(Claims(tenantId, DateTimeOffset.UtcNow.AddHours(1)))}.";

    /// <summary>Signed with an RSA key (RS256): the server must not accept any algorithm but HS256.</summary>
    public static string Rs256(Guid tenantId)
    {
        using var rsa = RSA.Create(2048);
        return Create(tenantId, DateTimeOffset.UtcNow.AddHours(1), new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));
    }

    /// <summary>HS512 with the right key: still not the one algorithm the portal uses.</summary>
    public static string Hs512(string key, Guid tenantId) =>
        Create(tenantId, DateTimeOffset.UtcNow.AddHours(1), Hmac(key, SecurityAlgorithms.HmacSha512));

    public static string WithoutExpiry(string key, Guid tenantId) => Create(tenantId, expires: null, Hmac(key, SecurityAlgorithms.HmacSha256));

    public static string WithClaims(string key, IDictionary<string, object> claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = Hmac(key, SecurityAlgorithms.HmacSha256),
        });

    private static string Create(Guid tenantId, DateTimeOffset? expires, SigningCredentials credentials) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["tenant_id"] = tenantId.ToString(), ["sub"] = "demo" },
            Expires = expires?.UtcDateTime,
            SigningCredentials = credentials,
        });

    private static SigningCredentials Hmac(string key, string algorithm) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm);

    private static string Claims(Guid tenantId, DateTimeOffset expires) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["tenant_id"] = tenantId.ToString(),
        ["sub"] = "demo",
        ["exp"] = expires.ToUnixTimeSeconds(),
    });

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(json);
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VectorVue.DevTokens;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// Tokens an attacker or a broken client could send; every one of them must get 401. Each is a valid token of the
/// shared app (its key, issuer and audience, an hour of life) with exactly one thing wrong, so the test shows that
/// this one thing is what is refused.
/// </summary>
internal static class ForgedTokens
{
    public static string Unsigned(DevTokenSettings settings, Guid tenantId) =>
        $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(Claims(settings, tenantId, DateTimeOffset.UtcNow.AddHours(1)))}.";

    /// <summary>Signed with an RSA key (RS256): the server must not accept any algorithm but HS256.</summary>
    public static string Rs256(DevTokenSettings settings, Guid tenantId)
    {
        using var rsa = RSA.Create(2048);
        return Create(settings, tenantId, token => token.SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256));
    }

    /// <summary>HS512 with the right key: still not the one algorithm the portal uses.</summary>
    public static string Hs512(DevTokenSettings settings, Guid tenantId) =>
        Create(settings, tenantId, token => token.SigningCredentials = Hmac(settings.SigningKey, SecurityAlgorithms.HmacSha512));

    public static string WithoutExpiry(DevTokenSettings settings, Guid tenantId) => Create(settings, tenantId, token => token.Expires = null);

    /// <summary>The right key, issuer and audience around claims of the test's choosing (no <c>tenant_id</c> unless given).</summary>
    public static string WithClaims(DevTokenSettings settings, IDictionary<string, object> claims) =>
        Create(settings, Guid.Empty, token => token.Claims = claims);

    /// <summary>
    /// A valid token of <paramref name="settings"/> (HS256 with its key and <c>kid</c>, its <c>iss</c> and <c>aud</c>,
    /// <c>tenant_id</c>, <c>sub</c> <c>demo</c>, issued now, valid for an hour), then changed by <paramref name="change"/>.
    /// </summary>
    public static string Create(DevTokenSettings settings, Guid tenantId, Action<SecurityTokenDescriptor> change)
    {
        var now = DateTime.UtcNow;
        var token = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = new Dictionary<string, object> { ["tenant_id"] = tenantId.ToString(), ["sub"] = "demo" },
            IssuedAt = now,
            Expires = now.AddHours(1),
            SigningCredentials = Hmac(settings.SigningKey, SecurityAlgorithms.HmacSha256, settings.KeyId),
        };
        change(token);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(token);
    }

    public static SigningCredentials Hmac(string key, string algorithm, string? keyId = null) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) { KeyId = keyId }, algorithm);

    private static string Claims(DevTokenSettings settings, Guid tenantId, DateTimeOffset expires) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["iss"] = settings.Issuer,
        ["aud"] = settings.Audience,
        ["tenant_id"] = tenantId.ToString(),
        ["sub"] = "demo",
        ["exp"] = expires.ToUnixTimeSeconds(),
    });

    private static string Base64Url(string json) => Base64UrlEncoder.Encode(json);
}

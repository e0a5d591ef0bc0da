using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VectorVue.DevTokens;

/// <summary>
/// Creates portal-shaped tokens: HS256 (with a <c>kid</c> header when the settings name a key id), <c>iss</c>,
/// <c>aud</c>, <c>tenant_id</c>, optional <c>sub</c>, <c>iat</c> and <c>exp</c>. Any lifetime, so tests can make
/// expired and overlong tokens; <c>make token</c> stays within <see cref="MaxLifetime"/>.
/// </summary>
public sealed class DevTokenFactory(DevTokenSettings settings, TimeProvider timeProvider)
{
    /// <summary>The API's default <c>VectorVue:Jwt:MaxTokenLifetime</c>: it refuses tokens valid for longer (a test checks the two agree).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    public DevTokenSettings Settings => settings;

    public string Create(Guid tenantId, string? username, TimeSpan lifetime)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["tenant_id"] = tenantId.ToString() };
        if (!string.IsNullOrEmpty(username))
        {
            claims["sub"] = username;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKey)) { KeyId = settings.KeyId },
                SecurityAlgorithms.HmacSha256),
        });
    }
}

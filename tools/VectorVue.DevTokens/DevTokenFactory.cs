using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VectorVue.DevTokens;

/// <summary>Creates portal-shaped tokens: HS256, <c>tenant_id</c>, optional <c>sub</c>, <c>exp</c>.</summary>
public sealed class DevTokenFactory(string signingKey, TimeProvider timeProvider)
{
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
            Claims = claims,
            IssuedAt = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}

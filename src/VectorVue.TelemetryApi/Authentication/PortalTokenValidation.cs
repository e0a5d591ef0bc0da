using Microsoft.IdentityModel.Tokens;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// What a portal token must be to pass the bearer handler: HS256 signed by the key it names (<see cref="SigningKeyRing"/>),
/// the configured issuer and audience, an <c>exp</c> not passed (give or take the clock skew). The maximum lifetime is
/// checked once these pass (<see cref="TokenLifetimeLimit"/>).
/// </summary>
internal static class PortalTokenValidation
{
    public static TokenValidationParameters Parameters(JwtOptions options, SigningKeyRing keys) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = options.Issuer,
        ValidateAudience = true,
        ValidAudience = options.Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        IssuerSigningKeyResolver = (_, token, _, _) => keys.For(token),
        // Never fall back to trying every key: a removed or unknown kid must not find another key that happens to fit.
        TryAllIssuerSigningKeys = false,
        ClockSkew = options.ClockSkew,
    };
}

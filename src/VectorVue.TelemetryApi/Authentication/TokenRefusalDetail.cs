using Microsoft.IdentityModel.Tokens;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>The <c>detail</c> of a 401: what is wrong with the token, in words a portal developer can act on.</summary>
internal static class TokenRefusalDetail
{
    public static string For(Exception? failure, JwtOptions options) => failure switch
    {
        null => "A bearer token is required.",
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenNoExpirationException => "The bearer token has no 'exp' claim.",
        SecurityTokenNotYetValidException => "The bearer token is not valid yet ('nbf').",
        SecurityTokenInvalidLifetimeException => TokenLifetimeLimit.Describe(options.MaxTokenLifetime),
        SecurityTokenInvalidIssuerException => "The bearer token's issuer ('iss') is not the one this API trusts.",
        SecurityTokenInvalidAudienceException => "The bearer token is not meant for this API (its 'aud').",
        SecurityTokenSignatureKeyNotFoundException => "The bearer token's signing key is not one this API knows (its 'kid').",
        _ => "The bearer token is not valid.",
    };
}

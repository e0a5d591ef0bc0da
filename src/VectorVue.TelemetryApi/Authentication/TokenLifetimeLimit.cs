using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// Refuses a token valid for longer than <see cref="JwtOptions.MaxTokenLifetime"/>: <c>exp − iat</c> may not exceed
/// it, nor may the time the token has left (<c>exp − now</c>, give or take the clock skew) — the only bound there is
/// for a token without <c>iat</c>, and what stops an <c>iat</c> dated in the future. So no token is accepted earlier
/// than the maximum lifetime before it expires, whatever it claims.
/// </summary>
internal sealed class TokenLifetimeLimit(IOptions<JwtOptions> options, TimeProvider timeProvider)
{
    /// <returns>Null when the token's lifetime is within the limit, otherwise the failure to authenticate with.</returns>
    public SecurityTokenInvalidLifetimeException? Check(SecurityToken token)
    {
        var limits = options.Value;
        DateTimeOffset? issuedAt = token is JsonWebToken jwt && jwt.IssuedAt != DateTime.MinValue
            ? new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero)
            : null;
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);

        return Exceeds(issuedAt, expires, timeProvider.GetUtcNow(), limits.MaxTokenLifetime, limits.ClockSkew)
            ? new SecurityTokenInvalidLifetimeException(Describe(limits.MaxTokenLifetime))
            : null;
    }

    public static bool Exceeds(DateTimeOffset? issuedAt, DateTimeOffset expires, DateTimeOffset now, TimeSpan maximum, TimeSpan clockSkew) =>
        expires - now > maximum + clockSkew || (issuedAt is { } iat && expires - iat > maximum);

    /// <summary>What a client is told about the limit: the detail of the 401.</summary>
    public static string Describe(TimeSpan maximum) =>
        $"The bearer token may be valid for at most {Hours(maximum)} ('exp' − 'iat', and never more than that before it expires).";

    private static string Hours(TimeSpan duration) =>
        duration.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + (duration == TimeSpan.FromHours(1) ? " hour" : " hours");
}

using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VectorVue.TelemetryApi.Authentication;

namespace VectorVue.Tests.Authentication;

public sealed class TokenLifetimeLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    public static TheoryData<string, double?, double, bool> Cases() => new()
    {
        // case, iat (hours from now), exp (hours from now), refused
        { "issued now for exactly the maximum", 0, 24, false },
        { "issued now for a second more than the maximum", 0, 24 + (1 / 3600.0), true },
        { "issued an hour ago for 24 hours", -1, 23, false },
        { "issued a year ago, valid for a year and a day", -8760, 24, true },
        { "without iat, 24 hours left", null, 24, false },
        { "without iat, 24 hours and the skew left", null, 24 + (60 / 3600.0), false },
        { "without iat, 25 hours left", null, 25, true },
        { "iat dated two days ahead, an hour after it", 48, 49, true },
        { "iat a few seconds ahead (clocks differ), a day after it", 10 / 3600.0, 24 + (10 / 3600.0), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_token_is_accepted_earlier_than_the_maximum_lifetime_before_it_expires(
        string @case, double? issuedAtHours, double expiresHours, bool refused)
    {
        DateTimeOffset? issuedAt = issuedAtHours is { } h ? Now.AddHours(h) : null;

        Assert.True(refused == TokenLifetimeLimit.Exceeds(issuedAt, Now.AddHours(expiresHours), Now, Day, Skew), @case);
    }

    [Fact]
    public void The_check_reads_iat_and_exp_from_the_token_and_says_the_limit()
    {
        var limit = new TokenLifetimeLimit(
            Options.Create(new JwtOptions { MaxTokenLifetime = TimeSpan.FromHours(8) }), new FakeTimeProvider(Now));

        Assert.Null(limit.Check(Token(Now, Now.AddHours(8))));
        var failure = limit.Check(Token(Now, Now.AddHours(9)));
        Assert.NotNull(failure);
        Assert.Contains("at most 8 hours", failure.Message);
        Assert.NotNull(limit.Check(Token(issuedAt: null, Now.AddHours(9))));
    }

    private static JsonWebToken Token(DateTimeOffset? issuedAt, DateTimeOffset expires) =>
        new(new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["tenant_id"] = Guid.NewGuid().ToString() },
            IssuedAt = issuedAt?.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256),
        }));
}

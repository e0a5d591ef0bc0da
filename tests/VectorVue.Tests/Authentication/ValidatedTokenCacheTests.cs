using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VectorVue.TelemetryApi.Authentication;

namespace VectorVue.Tests.Authentication;

/// <summary>
/// The validated-token cache in front of the JWT library the bearer handler uses, with the API's own validation
/// parameters: a token is validated once while its entry lives, refusals are validated every time, and no entry
/// outlives its token's <c>exp</c>, the maximum age, or the bound on entries.
/// </summary>
public sealed class ValidatedTokenCacheTests
{
    private const string Key = "the-key-of-this-deployment-0123456789-0123456789";
    private static readonly JwtOptions Jwt = new() { SigningKey = Key, Issuer = "portal", Audience = "telemetry-api" };
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler _validator = new();

    private CachingTokenHandler Handler(int maxEntries = 10, TimeSpan? maxAge = null) => new(_validator, new ValidatedTokenCache(
        Microsoft.Extensions.Options.Options.Create(new TokenCacheOptions { MaxEntries = maxEntries, MaxAge = maxAge ?? TimeSpan.FromMinutes(5) }), _time));

    private static string Token(TimeSpan lifetime, string key = Key, string issuer = "portal") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "telemetry-api",
            Claims = new Dictionary<string, object> { ["tenant_id"] = Guid.NewGuid().ToString() },
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

    private static Task<TokenValidationResult> ValidateAsync(TokenHandler handler, string token) =>
        handler.ValidateTokenAsync(token, PortalTokenValidation.Parameters(Jwt, new SigningKeyRing(Jwt)));

    [Fact]
    public async Task A_valid_token_is_validated_once_and_each_request_gets_an_identity_of_its_own()
    {
        var handler = Handler();
        var token = Token(TimeSpan.FromHours(1));

        var first = await ValidateAsync(handler, token);
        var second = await ValidateAsync(handler, token);

        Assert.True(first.IsValid && second.IsValid);
        Assert.Equal(1, _validator.Calls);
        Assert.Equal(first.ClaimsIdentity.FindFirst("tenant_id")!.Value, second.ClaimsIdentity.FindFirst("tenant_id")!.Value);
        second.ClaimsIdentity.AddClaim(new Claim("added", "by one request"));
        Assert.Null((await ValidateAsync(handler, token)).ClaimsIdentity.FindFirst("added"));
    }

    [Theory]
    [InlineData("another key")]
    [InlineData("another issuer")]
    [InlineData("a changed signature")]
    public async Task A_refused_token_is_validated_every_time(string fault)
    {
        var handler = Handler();
        var valid = Token(TimeSpan.FromHours(1));
        Assert.True((await ValidateAsync(handler, valid)).IsValid);
        var refused = fault switch
        {
            "another key" => Token(TimeSpan.FromHours(1), key: "a-key-someone-else-has-0123456789-0123456789"),
            "another issuer" => Token(TimeSpan.FromHours(1), issuer: "someone"),
            _ => valid[..^2] + (valid[^2] == 'A' ? "B" : "A") + valid[^1],
        };

        Assert.False((await ValidateAsync(handler, refused)).IsValid);
        Assert.False((await ValidateAsync(handler, refused)).IsValid);
        Assert.Equal(3, _validator.Calls);
    }

    [Fact]
    public async Task An_entry_never_outlives_its_tokens_exp()
    {
        var handler = Handler(maxAge: TimeSpan.FromHours(1));
        var token = Token(TimeSpan.FromMinutes(2));
        Assert.True((await ValidateAsync(handler, token)).IsValid);

        _time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(5));
        await ValidateAsync(handler, token);
        Assert.Equal(1, _validator.Calls);

        _time.Advance(TimeSpan.FromSeconds(10));
        await ValidateAsync(handler, token);
        Assert.Equal(2, _validator.Calls);
    }

    [Fact]
    public async Task An_entry_never_outlives_the_maximum_age()
    {
        var handler = Handler(maxAge: TimeSpan.FromMinutes(1));
        var token = Token(TimeSpan.FromHours(1));
        await ValidateAsync(handler, token);

        _time.Advance(TimeSpan.FromSeconds(59));
        await ValidateAsync(handler, token);
        Assert.Equal(1, _validator.Calls);

        _time.Advance(TimeSpan.FromSeconds(2));
        await ValidateAsync(handler, token);
        Assert.Equal(2, _validator.Calls);
    }

    [Fact]
    public async Task The_cache_holds_at_most_its_bound_and_takes_new_tokens_once_entries_expire()
    {
        var cache = new ValidatedTokenCache(
            Microsoft.Extensions.Options.Options.Create(new TokenCacheOptions { MaxEntries = 2, MaxAge = TimeSpan.FromMinutes(1) }), _time);
        var handler = new CachingTokenHandler(_validator, cache);
        string[] tokens = [Token(TimeSpan.FromHours(1)), Token(TimeSpan.FromHours(1)), Token(TimeSpan.FromHours(1))];
        foreach (var token in tokens)
        {
            Assert.True((await ValidateAsync(handler, token)).IsValid);
        }

        Assert.Equal(2, cache.Count);
        await ValidateAsync(handler, tokens[2]);
        Assert.Equal(4, _validator.Calls); // the third was not kept

        _time.Advance(TimeSpan.FromMinutes(2));
        await ValidateAsync(handler, tokens[2]);
        await ValidateAsync(handler, tokens[2]);
        Assert.Equal(5, _validator.Calls);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_bound_of_zero_turns_the_cache_off()
    {
        var handler = Handler(maxEntries: 0);
        var token = Token(TimeSpan.FromHours(1));
        await ValidateAsync(handler, token);
        await ValidateAsync(handler, token);
        Assert.Equal(2, _validator.Calls);
    }

    /// <summary>The JWT library's own handler, counting how often it is asked.</summary>
    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };

        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return _inner.ValidateTokenAsync(token, validationParameters);
        }
    }
}

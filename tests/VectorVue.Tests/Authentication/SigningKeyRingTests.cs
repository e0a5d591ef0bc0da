using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VectorVue.TelemetryApi.Authentication;

namespace VectorVue.Tests.Authentication;

/// <summary>
/// Which key checks which token, through the JWT library the bearer handler uses, with the API's own validation
/// parameters: a token naming a <c>kid</c> meets that key only, a token without one meets the key without an id, and
/// a key's tokens are refused from the moment it leaves the configuration.
/// </summary>
public sealed class SigningKeyRingTests
{
    private const string Previous = "the-previous-key-of-this-deployment-0123456789";
    private const string Next = "the-next-key-this-deployment-will-use-0123456789";
    private const string Other = "a-key-someone-else-has-0123456789-0123456789";

    private static JwtOptions Options(string? singleKey, params (string Id, string Key)[] list) => new()
    {
        SigningKey = singleKey ?? "",
        SigningKeys = [.. list.Select(k => new JwtSigningKey { Id = k.Id, Key = k.Key })],
        Issuer = "portal",
        Audience = "telemetry-api",
    };

    private static string Token(string key, string? kid, string? issuer = "portal", string? audience = "telemetry-api") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["tenant_id"] = Guid.NewGuid().ToString() },
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) { KeyId = kid }, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A token with a header of the test's own (to send a kid the library would not write, such as an empty one).</summary>
    private static string TokenWithHeader(string key, string headerJson)
    {
        var header = Base64UrlEncoder.Encode(headerJson);
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"portal","aud":"telemetry-api","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(key));
        var signature = Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    private static async Task<Exception?> ValidateAsync(string token, JwtOptions options)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(
            token, PortalTokenValidation.Parameters(options, new SigningKeyRing(options)));
        return result.IsValid ? null : result.Exception;
    }

    [Fact]
    public async Task A_token_without_kid_is_checked_against_the_key_without_an_id()
    {
        var options = Options(Previous, ("2026-12", Next));

        Assert.Null(await ValidateAsync(Token(Previous, kid: null), options));
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(await ValidateAsync(Token(Next, kid: null), options));
    }

    [Fact]
    public async Task A_token_with_kid_is_checked_against_that_key_only()
    {
        var options = Options(Previous, ("2026-12", Next), ("2027-06", Other));

        Assert.Null(await ValidateAsync(Token(Next, "2026-12"), options));
        Assert.Null(await ValidateAsync(Token(Other, "2027-06"), options));
        // Signed with a configured key, but not the one it names: no other key is tried.
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(await ValidateAsync(Token(Previous, "2026-12"), options));
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(await ValidateAsync(Token(Other, "2026-12"), options));
    }

    [Theory]
    [InlineData("""{"alg":"HS256","typ":"JWT","kid":"2099-01"}""")]
    [InlineData("""{"alg":"HS256","typ":"JWT","kid":""}""")]
    public async Task A_kid_this_api_does_not_know_finds_no_key_even_when_the_key_without_an_id_signed_it(string header)
    {
        var options = Options(Previous, ("2026-12", Next));

        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await ValidateAsync(TokenWithHeader(Previous, header), options));
    }

    [Fact]
    public async Task A_token_without_kid_finds_no_key_when_every_key_has_an_id()
    {
        var options = Options(null, ("2026-12", Next));

        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await ValidateAsync(Token(Next, kid: null), options));
    }

    [Fact]
    public async Task Rotation_the_previous_key_works_while_both_are_configured_and_stops_once_it_is_removed()
    {
        var previousToken = Token(Previous, kid: null);
        var nextToken = Token(Next, "2026-12");

        var before = Options(Previous);
        Assert.Null(await ValidateAsync(previousToken, before));
        Assert.NotNull(await ValidateAsync(nextToken, before));

        var during = Options(Previous, ("2026-12", Next));
        Assert.Null(await ValidateAsync(previousToken, during));
        Assert.Null(await ValidateAsync(nextToken, during));

        var after = Options(null, ("2026-12", Next));
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(await ValidateAsync(previousToken, after));
        Assert.Null(await ValidateAsync(nextToken, after));
    }

    [Fact]
    public async Task Issuer_and_audience_must_be_the_configured_ones_and_present()
    {
        var options = Options(Previous);

        Assert.IsAssignableFrom<SecurityTokenInvalidIssuerException>(await ValidateAsync(Token(Previous, null, issuer: "someone-else"), options));
        Assert.IsAssignableFrom<SecurityTokenInvalidIssuerException>(await ValidateAsync(Token(Previous, null, issuer: null), options));
        Assert.IsAssignableFrom<SecurityTokenInvalidAudienceException>(await ValidateAsync(Token(Previous, null, audience: "another-api"), options));
        Assert.IsAssignableFrom<SecurityTokenInvalidAudienceException>(await ValidateAsync(Token(Previous, null, audience: null), options));
    }
}

using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using VectorVue.DevTokens;
using VectorVue.TelemetryApi.Authentication;

namespace VectorVue.Tests.Authentication;

/// <summary><c>make token</c>'s tokens are tokens the API takes in development.</summary>
public sealed class DevTokenTests
{
    [Fact]
    public void Make_token_is_bounded_by_the_apis_default_maximum_lifetime()
    {
        Assert.Equal(new JwtOptions().MaxTokenLifetime, DevTokenFactory.MaxLifetime);
    }

    [Fact]
    public async Task A_development_token_passes_the_apis_checks_with_the_apphosts_development_parameters()
    {
        var settings = DevTokenSettings.Find(out var problem);
        Assert.True(settings is not null, problem);
        var options = new JwtOptions { SigningKey = settings.SigningKey, Issuer = settings.Issuer, Audience = settings.Audience };

        var token = new DevTokenFactory(settings, TimeProvider.System).Create(Guid.NewGuid(), "demo", DevTokenFactory.MaxLifetime);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, PortalTokenValidation.Parameters(options, new SigningKeyRing(options)));

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Null(new TokenLifetimeLimit(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System).Check(result.SecurityToken));
    }

    [Fact]
    public void A_token_for_a_key_of_the_list_names_it_in_its_header()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var settings = new DevTokenSettings("the-next-key-this-deployment-will-use-0123456789", "portal", "telemetry-api", KeyId: "2026-12");

        var token = new JsonWebToken(new DevTokenFactory(settings, clock).Create(Guid.NewGuid(), null, TimeSpan.FromHours(1)));

        Assert.Equal("2026-12", token.Kid);
        Assert.Equal("portal", token.Issuer);
        Assert.Equal(["telemetry-api"], token.Audiences);
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
        Assert.False(token.TryGetPayloadValue<string>("sub", out _));
    }
}

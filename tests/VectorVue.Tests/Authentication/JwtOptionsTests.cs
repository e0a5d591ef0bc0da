using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting.Internal;
using VectorVue.TelemetryApi.Authentication;

namespace VectorVue.Tests.Authentication;

/// <summary>What the API refuses to start with: each failure names the setting to change.</summary>
public sealed class JwtOptionsTests
{
    private const string KeyA = "a-key-only-this-deployment-knows-0123456789abcdef";
    private const string KeyB = "the-next-key-this-deployment-will-use-0123456789";

    private static JwtOptions Valid() => new() { SigningKey = KeyA, Issuer = "portal", Audience = "telemetry-api" };

    private static List<string> Failures(JwtOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    [Fact]
    public void A_key_an_issuer_and_an_audience_are_enough()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void Issuer_and_audience_are_required_and_named()
    {
        var failures = Failures(new JwtOptions { SigningKey = KeyA });

        Assert.Contains(failures, f => f.StartsWith("VectorVue:Jwt:Issuer is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("VectorVue:Jwt:Audience is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_any_key_the_key_setting_is_named()
    {
        var options = Valid();
        options.SigningKey = "";

        Assert.Contains(Failures(options), f => f.StartsWith("VectorVue:Jwt:SigningKey is required", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_list_alone_is_enough()
    {
        var options = Valid();
        options.SigningKey = "";
        options.SigningKeys = [new JwtSigningKey { Id = "2026-12", Key = KeyB }];

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Every_key_of_the_list_must_be_at_least_32_bytes()
    {
        var options = Valid();
        options.SigningKeys = [new JwtSigningKey { Id = "a", Key = KeyB }, new JwtSigningKey { Id = "b", Key = "short" }];

        Assert.Equal(["VectorVue:Jwt:SigningKeys:1:Key must be at least 32 bytes for HS256."], Failures(options));
    }

    [Fact]
    public void A_key_of_the_list_needs_an_id_and_a_key()
    {
        var options = Valid();
        options.SigningKeys = [new JwtSigningKey { Id = " ", Key = KeyB }, new JwtSigningKey { Id = "b" }];

        var failures = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("VectorVue:Jwt:SigningKeys:0:Id is required", StringComparison.Ordinal));
        Assert.Contains("VectorVue:Jwt:SigningKeys:1:Key is required.", failures);
    }

    [Fact]
    public void Key_ids_must_be_unique()
    {
        var options = Valid();
        options.SigningKeys =
        [
            new JwtSigningKey { Id = "2026-12", Key = KeyA },
            new JwtSigningKey { Id = "2027-06", Key = KeyB },
            new JwtSigningKey { Id = "2026-12", Key = KeyB },
        ];

        Assert.Equal(
            ["VectorVue:Jwt:SigningKeys:2:Id '2026-12' is also the id of VectorVue:Jwt:SigningKeys:0: key ids must be unique."],
            Failures(options));
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("7.00:00:01")]
    public void The_maximum_lifetime_stays_between_a_minute_and_a_week(string lifetime)
    {
        var options = Valid();
        options.MaxTokenLifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Single(Failures(options));
    }

    [Fact]
    public void The_configured_keys_are_the_single_key_and_every_key_of_the_list_named_by_their_settings()
    {
        var options = Valid();
        options.SigningKeys = [new JwtSigningKey { Id = "2026-12", Key = KeyB }];

        Assert.Equal(
            [("VectorVue:Jwt:SigningKey", null, KeyA), ("VectorVue:Jwt:SigningKeys:0:Key", "2026-12", KeyB)],
            options.ConfiguredKeys().ToList());
    }

    [Fact]
    public void Outside_development_the_development_key_is_refused_in_the_key_list_too()
    {
        var options = Valid();
        options.SigningKeys = [new JwtSigningKey { Id = "old", Key = PublicSigningKeys.Development }];

        var result = new PublicSigningKeyRefusal(new HostingEnvironment { EnvironmentName = "Production" }).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("VectorVue:Jwt:SigningKeys:0:Key is a public signing key", result.FailureMessage);
    }
}

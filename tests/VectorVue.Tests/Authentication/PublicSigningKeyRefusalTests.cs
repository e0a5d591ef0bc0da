using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using VectorVue.TelemetryApi.Authentication;

namespace VectorVue.Tests.Authentication;

public sealed class PublicSigningKeyRefusalTests
{
    private const string PrivateKey = "a-key-only-this-deployment-knows-0123456789abcdef";

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_a_public_key_is_refused_and_named(string environment)
    {
        var result = Refusal(environment).Validate(null, new JwtOptions { SigningKey = PublicSigningKeys.Development });

        Assert.True(result.Failed);
        Assert.Contains("VectorVue:Jwt:SigningKey is a public signing key", result.FailureMessage);
    }

    [Fact]
    public void Surrounding_whitespace_does_not_hide_a_public_key()
    {
        var result = Refusal("Production").Validate(null, new JwtOptions { SigningKey = $" {PublicSigningKeys.Development}\n" });

        Assert.True(result.Failed);
    }

    [Fact]
    public void A_private_key_passes_in_production()
    {
        Assert.True(Refusal("Production").Validate(null, new JwtOptions { SigningKey = PrivateKey }).Succeeded);
    }

    [Fact]
    public void Development_may_use_the_development_key()
    {
        Assert.True(Refusal(Environments.Development).Validate(null, new JwtOptions { SigningKey = PublicSigningKeys.Development }).Skipped);
    }

    [Fact]
    public void The_list_holds_the_key_the_apphost_gives_the_api_in_development()
    {
        var settings = Path.Combine(RepositoryRoot(), "src", "VectorVue.AppHost", "appsettings.Development.json");
        using var json = JsonDocument.Parse(File.ReadAllText(settings));
        var developmentKey = json.RootElement.GetProperty("Parameters").GetProperty("jwt-signing-key").GetString()!;

        Assert.True(PublicSigningKeys.Contains(developmentKey), $"'{developmentKey}' must be listed in PublicSigningKeys");
    }

    private static PublicSigningKeyRefusal Refusal(string environment) =>
        new(new HostingEnvironment { EnvironmentName = environment });

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VectorVue.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (VectorVue.sln) was not found above " + AppContext.BaseDirectory);
    }
}

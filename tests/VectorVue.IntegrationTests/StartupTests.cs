using VectorVue.DevTokens;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>Misconfiguration is caught when the API starts, with a message that says what to fix.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_signing_key_shorter_than_32_bytes_stops_the_api_at_start_up()
    {
        var (exitCode, output) = await RunApiAsync("Production", "too-short-key");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("VectorVue:Jwt:SigningKey must be at least 32 bytes", output);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_development_the_api_refuses_to_start_with_the_development_signing_key(string environment)
    {
        var developmentKey = DevSigningKey.Find();
        Assert.False(string.IsNullOrEmpty(developmentKey), "the development key in appsettings.Development.json was not found");

        var (exitCode, output) = await RunApiAsync(environment, developmentKey);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("VectorVue:Jwt:SigningKey is a public signing key", output);
        Assert.Contains($"refused in the {environment} environment", output);
    }

    private static Task<(int ExitCode, string Output)> RunApiAsync(string environment, string signingKey) =>
        ProjectProcess.RunAsync(
            new Projects.VectorVue_TelemetryApi().ProjectPath,
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["VectorVue__Jwt__SigningKey"] = signingKey,
                ["ConnectionStrings__vectorvue"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d",
                ["ConnectionStrings__redis"] = "127.0.0.1:1,abortConnect=false",
            },
            TimeSpan.FromMinutes(1));
}

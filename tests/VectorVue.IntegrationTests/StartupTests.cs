using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>Misconfiguration is caught when the API starts, with a message that says what to fix.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task A_signing_key_shorter_than_32_bytes_stops_the_api_at_start_up()
    {
        var (exitCode, output) = await ProjectProcess.RunAsync(
            new Projects.VectorVue_TelemetryApi().ProjectPath,
            ["--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?>
            {
                ["VectorVue__Jwt__SigningKey"] = "too-short-key",
                ["ConnectionStrings__vectorvue"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d",
                ["ConnectionStrings__redis"] = "127.0.0.1:1,abortConnect=false",
            },
            TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("VectorVue:Jwt:SigningKey must be at least 32 bytes", output);
    }
}

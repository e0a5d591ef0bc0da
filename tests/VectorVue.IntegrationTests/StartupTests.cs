using VectorVue.DevTokens;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>
/// Misconfiguration is caught when the API starts, with a message that says what to fix. Each case starts the API
/// with settings that are otherwise complete (a private key, an issuer and an audience) and changes one thing.
/// </summary>
public sealed class StartupTests
{
    private const string PrivateKey = "a-key-only-this-deployment-knows-0123456789abcdef";

    [Fact]
    public async Task A_signing_key_shorter_than_32_bytes_stops_the_api_at_start_up()
    {
        var (exitCode, output) = await RunApiAsync("Production", ("VectorVue__Jwt__SigningKey", "too-short-key"));

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

        var (exitCode, output) = await RunApiAsync(environment, ("VectorVue__Jwt__SigningKey", developmentKey));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("VectorVue:Jwt:SigningKey is a public signing key", output);
        Assert.Contains($"refused in the {environment} environment", output);
    }

    [Fact]
    public async Task The_development_key_is_refused_in_the_key_list_too()
    {
        var (exitCode, output) = await RunApiAsync("Production",
            ("VectorVue__Jwt__SigningKeys__0__Id", "2026-12"), ("VectorVue__Jwt__SigningKeys__0__Key", DevSigningKey.Find()));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("VectorVue:Jwt:SigningKeys:0:Key is a public signing key", output);
    }

    [Theory]
    [InlineData("VectorVue__Jwt__Issuer", "VectorVue:Jwt:Issuer is required")]
    [InlineData("VectorVue__Jwt__Audience", "VectorVue:Jwt:Audience is required")]
    public async Task Outside_development_the_api_refuses_to_start_without_issuer_or_audience(string setting, string message)
    {
        var (exitCode, output) = await RunApiAsync("Production", (setting, null));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output);
    }

    [Fact]
    public async Task Two_keys_with_one_id_stop_the_api_at_start_up()
    {
        var (exitCode, output) = await RunApiAsync("Production",
            ("VectorVue__Jwt__SigningKeys__0__Id", "2026-12"), ("VectorVue__Jwt__SigningKeys__0__Key", PrivateKey + "-a"),
            ("VectorVue__Jwt__SigningKeys__1__Id", "2026-12"), ("VectorVue__Jwt__SigningKeys__1__Key", PrivateKey + "-b"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("VectorVue:Jwt:SigningKeys:1:Id '2026-12' is also the id of VectorVue:Jwt:SigningKeys:0", output);
    }

    public static TheoryData<string, string, string, string> Contradictions() => new()
    {
        // case, setting, value, the message naming both settings
        { "a full batch could never pass the user limit", "VectorVue__RateLimiting__UserLimit", "50",
            "VectorVue:RateLimiting:UserLimit (50) is below VectorVue:Ingestion:MaxBatchEvents (100)" },
        { "one user could never reach the user limit", "VectorVue__RateLimiting__TenantLimit", "100",
            "VectorVue:RateLimiting:TenantLimit (100) is below VectorVue:RateLimiting:UserLimit (120)" },
        { "an event valid alone could not be batched", "VectorVue__Ingestion__MaxBatchBodyBytes", "8192",
            "VectorVue:Ingestion:MaxBatchBodyBytes (8192) is below VectorVue:Ingestion:MaxEventBodyBytes (16384)" },
        { "one refused batch would shut its caller out for more than a window", "VectorVue__RateLimiting__ParseBudgetBytes", "65536",
            "VectorVue:RateLimiting:ParseBudgetBytes (65536) is below VectorVue:Ingestion:MaxBatchBodyBytes (524288)" },
        { "a window shorter than a second", "VectorVue__RateLimiting__Window", "00:00:00.500",
            "'Window' with the error: 'The field Window must be between 00:00:01 and 01:00:00.'" },
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public async Task Settings_that_contradict_each_other_stop_the_api_at_start_up(string @case, string setting, string value, string message)
    {
        var (exitCode, output) = await RunApiAsync("Production", (setting, value));

        Assert.True(exitCode != 0, $"{@case}: the API started");
        Assert.Contains(message, output);
    }

    /// <summary>Runs the API to its exit with complete settings, changed by <paramref name="changes"/> (null removes one).</summary>
    private static Task<(int ExitCode, string Output)> RunApiAsync(string environment, params (string Setting, string? Value)[] changes)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["VectorVue__Jwt__SigningKey"] = PrivateKey,
            ["VectorVue__Jwt__Issuer"] = "https://portal.vectorvue.example",
            ["VectorVue__Jwt__Audience"] = "vectorvue-telemetry-api",
            ["ConnectionStrings__vectorvue"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d",
            ["ConnectionStrings__redis"] = "127.0.0.1:1,abortConnect=false",
        };
        foreach (var (setting, value) in changes)
        {
            if (value is null)
            {
                settings.Remove(setting);
            }
            else
            {
                settings[setting] = value;
            }
        }

        return ProjectProcess.RunAsync(
            new Projects.VectorVue_TelemetryApi().ProjectPath, ["--urls", "http://127.0.0.1:0"], settings, TestTimeouts.Process);
    }
}

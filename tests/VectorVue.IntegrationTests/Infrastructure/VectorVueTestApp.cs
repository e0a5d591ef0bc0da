using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using VectorVue.DevTokens;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// Starts the real AppHost in local mode with a throwaway data directory, ports Aspire chooses, a random
/// signing key and the development issuer and audience, and waits until the migrator has finished and the services
/// are up.
/// </summary>
internal static class VectorVueTestApp
{
    /// <summary>
    /// What the tests' tokens are signed with and say: the documented development issuer and audience (the AppHost's
    /// development parameters, as <c>make token</c> reads them) with a signing key of the test's own.
    /// </summary>
    public static DevTokenSettings TokenSettings(string signingKey) =>
        (DevTokenSettings.Find(out var problem) ?? throw new InvalidOperationException(problem)) with { SigningKey = signingKey };

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "vectorvue-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public static async Task<DistributedApplication> StartAsync(
        string dataDirectory,
        string signingKey,
        IEnumerable<string>? extraArgs = null,
        Action<IDistributedApplicationTestingBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        string[] args =
        [
            "--environment=Development",
            "--VectorVue:Infrastructure=local",
            $"--VectorVue:Local:DataDirectory={dataDirectory}",
            "--VectorVue:Local:PostgresPort=0",
            "--VectorVue:Local:RedisPort=0",
            "--VectorVue:ApiPort=0",
            "--VectorVue:WorkerPort=0",
            "--VectorVue:SeedDemoTenant=true",
            $"--Parameters:jwt-signing-key={signingKey}",
            $"--Parameters:jwt-issuer={TokenSettings(signingKey).Issuer}",
            $"--Parameters:jwt-audience={TokenSettings(signingKey).Audience}",
            .. extraArgs ?? [],
        ];

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VectorVue_AppHost>(
            args, (options, _) => options.DisableDashboard = true, cancellationToken);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp", LogLevel.Error));
        configure?.Invoke(builder);

        var app = await builder.BuildAsync(cancellationToken).WaitAsync(TestTimeouts.Startup, cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(TestTimeouts.Startup, cancellationToken);
            var notifications = app.ResourceNotifications;
            await notifications.WaitForResourceAsync("migrations", KnownResourceStates.Finished, cancellationToken)
                .WaitAsync(TestTimeouts.Startup, cancellationToken);
            await notifications.WaitForResourceHealthyAsync("telemetry-api", WaitBehavior.StopOnResourceUnavailable, cancellationToken)
                .WaitAsync(TestTimeouts.Startup, cancellationToken);
            await notifications.WaitForResourceHealthyAsync("worker", WaitBehavior.StopOnResourceUnavailable, cancellationToken)
                .WaitAsync(TestTimeouts.Startup, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes a data directory once the servers using it have stopped.</summary>
    public static void DeleteDataDirectory(string dataDirectory)
    {
        try
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A server still shutting down may hold a file; the OS cleans the temp folder eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

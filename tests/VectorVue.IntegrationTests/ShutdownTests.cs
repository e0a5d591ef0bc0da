using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.IntegrationTests;

/// <summary>Stopping the AppHost leaves no postgres, redis-server or service process behind.</summary>
public sealed class ShutdownTests
{
    private static readonly string[] Resources = ["postgres", "redis", "telemetry-api", "worker"];

    [Fact]
    public async Task Stopping_the_app_ends_every_process_it_started()
    {
        var dataDirectory = VectorVueTestApp.NewDataDirectory();
        try
        {
            var app = await VectorVueTestApp.StartAsync(dataDirectory, VectorVueTestApp.NewSigningKey());
            var pids = new Dictionary<string, int>();
            var trees = new List<int>();
            await using (app)
            {
                foreach (var name in Resources)
                {
                    pids[name] = ResourceProcesses.ProcessIdOf(app, name);
                    trees.AddRange(ResourceProcesses.TreeOf(app, name));
                }

                Assert.All(pids, pid => Assert.True(ResourceProcesses.IsAlive(pid.Value), $"{pid.Key} ({pid.Value}) should run before the stop"));
                await app.StopAsync().WaitAsync(TestTimeouts.Shutdown);
            }

            using var timeout = new CancellationTokenSource(TestTimeouts.Shutdown);
            while (trees.Any(ResourceProcesses.IsAlive) || ProcessesMentioning(dataDirectory).Count > 0)
            {
                await Task.Delay(200, timeout.Token);
            }

            Assert.Empty(ProcessesMentioning(dataDirectory));
        }
        finally
        {
            VectorVueTestApp.DeleteDataDirectory(dataDirectory);
        }
    }

    /// <summary>Processes whose command line names the data directory: the postgres server and its helpers.</summary>
    private static List<int> ProcessesMentioning(string text) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(dir => (Dir: dir, Pid: int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0))
            .Where(p => p.Pid > 0 && p.Pid != Environment.ProcessId)
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Contains(text, StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            })
            .Select(p => p.Pid)];
}

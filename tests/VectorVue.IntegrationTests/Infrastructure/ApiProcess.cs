using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// One telemetry API process of the test's own, with the settings the test gives it, on a port the system chooses —
/// for what the shared app cannot show without a restart (a key list changed between two starts). Ready once it
/// says where it listens; stopped, with its children, when disposed.
/// </summary>
internal sealed partial class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ApiProcess(Process process, StringBuilder output) => (_process, _output) = (process, output);

    public Uri Address { get; private set; } = null!;

    public static async Task<ApiProcess> StartAsync(IDictionary<string, string?> settings, CancellationToken cancellationToken = default)
    {
        var run = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "run", "--project", new Projects.VectorVue_TelemetryApi().ProjectPath, "--no-build", "-c", ProjectProcess.Configuration,
            "--no-launch-profile", "--", "--urls", "http://127.0.0.1:0",
        ];
        foreach (var argument in arguments)
        {
            run.ArgumentList.Add(argument);
        }

        run.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (name, value) in settings)
        {
            run.Environment[name] = value;
        }

        var process = Process.Start(run)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = PumpAsync(process.StandardOutput, output, listening);
        _ = PumpAsync(process.StandardError, output, listening);
        var api = new ApiProcess(process, output);
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(listening.Task, exited).WaitAsync(TestTimeouts.Startup, cancellationToken);
            if (first != listening.Task)
            {
                throw new InvalidOperationException($"The API exited with {process.ExitCode} before it listened:\n{api.Output}");
            }

            api.Address = await listening.Task;
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public HttpClient CreateClient(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TestTimeouts.Request };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Shutdown);
        }

        _process.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output, TaskCompletionSource<Uri> listening)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            if (ListeningOn().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}

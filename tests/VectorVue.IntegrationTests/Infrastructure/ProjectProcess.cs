using System.Diagnostics;
using System.Text;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Runs one of the solution's already-built projects as a real process and collects what it printed.</summary>
internal static class ProjectProcess
{
    /// <summary>The configuration the tests were built in (Debug or Release); the projects were built with it.</summary>
    internal static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static Task<(int ExitCode, string Output)> RunAsync(
        string projectPath, IEnumerable<string> args, IDictionary<string, string?> environment, TimeSpan timeout) =>
        RunCommandAsync(
            "dotnet",
            [.. (string[])["run", "--project", projectPath, "--no-build", "-c", Configuration, "--no-launch-profile", "--"], .. args],
            environment,
            timeout);

    /// <summary>
    /// <c>dotnet publish --no-build</c> of a project built with the tests' configuration into <paramref name="outputDirectory"/>.
    /// </summary>
    public static Task<(int ExitCode, string Output)> PublishAsync(string projectPath, string outputDirectory, TimeSpan timeout) =>
        RunCommandAsync(
            "dotnet",
            ["publish", projectPath, "--no-build", "-c", Configuration, "-o", outputDirectory, "-nologo", "-v", "q"],
            new Dictionary<string, string?>(),
            timeout);

    /// <summary>Runs any program to its end within <paramref name="timeout"/> and collects what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(
        string fileName, IEnumerable<string> args, IDictionary<string, string?> environment, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // Telemetry export would point at a dashboard that is not there.
        startInfo.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not exit within {timeout}. Output:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder output)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}

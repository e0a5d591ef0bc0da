using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace VectorVue.Bench;

/// <summary>What the figures came from.</summary>
internal static class Machine
{
    public static IReadOnlyDictionary<string, string> Describe(string loadBefore, string loadAfter)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        return new Dictionary<string, string>
        {
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["cpu"] = cpu,
            ["memory"] = memory,
            ["os"] = RuntimeInformation.OSDescription,
            ["loadavg_before"] = loadBefore,
            ["loadavg_after"] = loadAfter,
        };
    }

    public static async Task<IReadOnlyDictionary<string, string>> VersionsAsync() => new Dictionary<string, string>
    {
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["Aspire.Hosting"] = typeof(DistributedApplication).Assembly.GetName().Version?.ToString() ?? "?",
        ["redis-server"] = (await RunAsync("redis-server", "--version")).Split(' ').FirstOrDefault(w => w.StartsWith("v=", StringComparison.Ordinal))?[2..] ?? "?",
        ["postgres"] = (await RunAsync("bash", "-c", "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/postgres --version")).Trim(),
        ["commit"] = (await RunAsync("git", "-C", RepositoryRoot(), "rev-parse", "--short", "HEAD")).Trim(),
    };

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VectorVue.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        try
        {
            var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                startInfo.ArgumentList.Add(arg);
            }

            using var process = Process.Start(startInfo)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}

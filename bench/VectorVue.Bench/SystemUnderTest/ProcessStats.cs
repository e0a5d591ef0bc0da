using System.Globalization;
using VectorVue.IntegrationTests.Infrastructure;

namespace VectorVue.Bench.SystemUnderTest;

/// <summary>
/// Memory and CPU of the processes behind a resource, read from <c>/proc</c>: resident memory sampled every
/// 100 ms (peak kept per scenario) and CPU time (user + system) of the process tree.
/// </summary>
internal sealed class ProcessWatch : IAsyncDisposable
{
    private readonly Dictionary<string, Func<IReadOnlyList<int>>> _targets;
    private readonly Dictionary<string, long> _peakRssBytes = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private readonly bool _perProcess;

    /// <param name="targets">What to watch, by name.</param>
    /// <param name="perProcess">Keep the peak of the largest single process of a target (e.g. one worker replica) rather than the sum.</param>
    public ProcessWatch(Dictionary<string, Func<IReadOnlyList<int>>> targets, bool perProcess)
    {
        _targets = targets;
        _perProcess = perProcess;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Peak resident set (VmRSS of the largest process of each target, sampled) in bytes.</summary>
    public IReadOnlyDictionary<string, long> PeakRssBytes
    {
        get
        {
            lock (_peakRssBytes)
            {
                return new Dictionary<string, long>(_peakRssBytes);
            }
        }
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        foreach (var (name, pids) in _targets)
        {
            long rss = 0;
            try
            {
                var values = pids().Select(Rss).ToList();
                rss = values.Count == 0 ? 0 : _perProcess ? values.Max() : values.Sum();
            }
            catch (InvalidOperationException)
            {
                // a stopped resource has no process
            }

            lock (_peakRssBytes)
            {
                _peakRssBytes[name] = Math.Max(_peakRssBytes.GetValueOrDefault(name), rss);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    public static bool IsAlive(int pid) => ProcessTree.IsAlive(pid);

    /// <summary>
    /// DCP's processes for the AppHost hosted in <paramref name="appHostPid"/>: its API server is started detached,
    /// with <c>--monitor &lt;pid&gt;</c>, and runs the controllers (and the endpoint proxies) as its children.
    /// </summary>
    public static IEnumerable<int> DcpOf(int appHostPid)
    {
        var marker = $"--monitor {appHostPid} ";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || CommandName(pid) != "dcp")
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }

            if (commandLine.Contains(marker, StringComparison.Ordinal))
            {
                return Tree(pid).Where(child => CommandName(child) == "dcp");
            }
        }

        return [];
    }

    /// <summary>The process's command name (<c>/proc/&lt;pid&gt;/comm</c>), empty when it is gone.</summary>
    public static string CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static long Rss(int pid) => StatusValueKb(pid, "VmRSS:") * 1024;

    private static long StatusValueKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>CPU seconds (user + system) used so far by the processes.</summary>
    public static double CpuSeconds(IEnumerable<int> pids)
    {
        double total = 0;
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
            }
        }

        return total;
    }

    /// <summary>The process and everything it started.</summary>
    public static List<int> Tree(int root) => ProcessTree.Of(root);

    /// <summary>The process of the tree whose command line names <paramref name="program"/> (the .NET service itself,
    /// not a launcher around it); the root when none does.</summary>
    public static int ServiceProcess(int root, string program)
    {
        foreach (var pid in Tree(root))
        {
            try
            {
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                if (commandLine.Contains(program, StringComparison.Ordinal) && !commandLine.Contains(" run ", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
        }

        return root;
    }
}

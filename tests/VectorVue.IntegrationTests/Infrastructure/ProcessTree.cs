using System.Globalization;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Linux processes read from <c>/proc</c>: a process and everything it started, and whether one still runs.
/// Shared by the end-to-end tests and the benchmark (linked into <c>bench/VectorVue.Bench</c>).</summary>
internal static class ProcessTree
{
    /// <summary><paramref name="root"/> followed by its descendants, breadth first.</summary>
    public static List<int> Of(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (!parents.TryGetValue(parent, out var children))
                {
                    parents[parent] = children = [];
                }

                children.Add(pid);
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(parents.GetValueOrDefault(result[i]) ?? []);
        }

        return result;
    }

    /// <summary>False once the process is gone or a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            return !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}

using System.Diagnostics;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Finds the operating-system processes behind an Aspire resource, and kills them the hard way (kill -9).</summary>
internal static class ResourceProcesses
{
    public static int ProcessIdOf(DistributedApplication app, string resource)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState(resource, out var state), $"no state for {resource}");
        var pid = state.Snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value;
        return pid switch
        {
            int value => value,
            long value => (int)value,
            string text when int.TryParse(text, out var value) => value,
            _ => throw new Xunit.Sdk.XunitException($"{resource} reports no process id"),
        };
    }

    /// <summary>The resource's process and everything it started (a project runs under <c>dotnet run</c>).</summary>
    public static List<int> TreeOf(DistributedApplication app, string resource)
    {
        var root = ProcessIdOf(app, resource);
        return ProcessTree.Of(root);
    }

    /// <summary>SIGKILL to the resource's process and everything it started.</summary>
    public static void KillHard(DistributedApplication app, string resource)
    {
        foreach (var pid in TreeOf(app, resource))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }
    }

    public static bool IsAlive(int pid) => ProcessTree.IsAlive(pid);
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VectorVue.Bench.SystemUnderTest;

/// <summary>The do-nothing server (bench/VectorVue.Bench.Ceiling) as its own process on a loopback port.</summary>
internal sealed class CeilingServer : IAsyncDisposable
{
    private readonly Process _process;

    private CeilingServer(Process process, IPEndPoint endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    public int ProcessId => _process.Id;

    public static async Task<CeilingServer> StartAsync()
    {
        // Built next to the bench, in the same configuration (bench/VectorVue.Bench.Ceiling/bin/<config>/net10.0).
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(output.FullName, "..", "..", "..", "..", "VectorVue.Bench.Ceiling", "bin",
            configuration, output.Name, "VectorVue.Bench.Ceiling.dll"));
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("build the solution first (the ceiling server is missing)", dll);
        }

        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePort());
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add($"--urls=http://{endpoint}");
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(endpoint, timeout.Token);
                return new CeilingServer(process, endpoint);
            }
            catch (SocketException)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

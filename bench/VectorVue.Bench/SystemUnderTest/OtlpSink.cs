using System.Net;
using System.Net.Sockets;

namespace VectorVue.Bench.SystemUnderTest;

/// <summary>
/// Where the services export their traces, logs and metrics during the bench: an OTLP/HTTP receiver on loopback
/// that reads every export and answers 200 with an empty (success) protobuf message, the way a collector would.
/// Without it the services would export to an endpoint nobody listens on (the dashboard is off in the bench), which
/// is neither production nor free: failing exports retry, and shutdown waits for their time-outs.
/// </summary>
internal sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private long _exports;

    public OtlpSink()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    public long Exports => Interlocked.Read(ref _exports);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                while (await context.Request.InputStream.ReadAsync(buffer) > 0)
                {
                }

                Interlocked.Increment(ref _exports);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.ContentLength64 = 0;
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

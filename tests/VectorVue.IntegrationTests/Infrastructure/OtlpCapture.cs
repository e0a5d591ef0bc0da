using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal OTLP/HTTP receiver on loopback: keeps every payload (traces, logs, metrics) the services export, so
/// tests can check what would reach the dashboard. Payloads are protobuf; strings in them are plain UTF-8, which
/// is all a "this value never appears" check needs.
/// </summary>
public sealed class OtlpCapture : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Signal, byte[] Payload)> _payloads = [];
    private readonly Task _loop;

    public OtlpCapture()
    {
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    /// <summary>Everything received so far for a signal (<c>traces</c>, <c>logs</c>, <c>metrics</c>), concatenated.</summary>
    public byte[] Received(string signal)
    {
        lock (_payloads)
        {
            return [.. _payloads.Where(p => p.Signal == signal).SelectMany(p => p.Payload)];
        }
    }

    /// <summary>The separate export requests of a signal that contain these bytes (each comes from one service).</summary>
    public IReadOnlyList<byte[]> PayloadsContaining(string signal, byte[] bytes)
    {
        lock (_payloads)
        {
            return [.. _payloads.Where(p => p.Signal == signal && p.Payload.AsSpan().IndexOf(bytes) >= 0).Select(p => p.Payload)];
        }
    }

    /// <summary>Every span exported so far, parsed.</summary>
    public IReadOnlyList<ExportedSpan> Spans()
    {
        lock (_payloads)
        {
            return [.. _payloads.Where(p => p.Signal == "traces").SelectMany(p => OtlpSpans.Parse(p.Payload))];
        }
    }

    /// <summary>How many export requests of a signal have arrived (each service exports on its own schedule).</summary>
    public int ExportCount(string signal)
    {
        lock (_payloads)
        {
            return _payloads.Count(p => p.Signal == signal);
        }
    }

    public bool Contains(string signal, string text) =>
        Received(signal).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public bool ContainsAnywhere(string text) => Contains("traces", text) || Contains("logs", text) || Contains("metrics", text);

    private async Task ReceiveAsync()
    {
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

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var signal = context.Request.Url!.AbsolutePath.TrimEnd('/').Split('/')[^1];
            lock (_payloads)
            {
                _payloads.Add((signal, buffer.ToArray()));
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

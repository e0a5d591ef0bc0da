using System.Net;
using System.Net.Sockets;

namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// Ports of the endpoints that local mode serves without DCP's proxy (<c>IsProxied = false</c>): a request or a Redis
/// command then goes straight to the process, with no hop in between. Aspire allocates no port for such an endpoint,
/// so a configured port of 0 (the tests and the bench, which run several systems side by side) becomes a free port
/// chosen here: the operating system's pick for a loopback listener, released at once for the server to bind. Should
/// another process take it first, that server fails to start and says so in its log.
/// </summary>
internal static class LocalPorts
{
    public static int Resolve(int configured) => configured != 0 ? configured : Free(1)[0];

    /// <summary>Distinct ports nothing listens on now (all held open together, so none is handed out twice).</summary>
    public static int[] Free(int count)
    {
        var listeners = new List<Socket>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                listeners.Add(listener);
                listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndPoint!).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}

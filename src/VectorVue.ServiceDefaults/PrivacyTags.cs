using System.Diagnostics;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Removes the span attributes through which ASP.NET Core's instrumentation would record who the caller is.
/// The product promise is that no IP address or user agent is ever stored, and traces are storage too.
/// </summary>
public static class PrivacyTags
{
    /// <summary>Attribute names (OpenTelemetry semantic conventions, current and legacy) that identify the client.</summary>
    public static readonly IReadOnlyList<string> ClientIdentityAttributes =
    [
        "client.address",
        "client.port",
        "network.peer.address",
        "network.peer.port",
        "user_agent.original",
        "http.user_agent",
        "http.client_ip",
        "net.peer.ip",
        "net.sock.peer.addr",
        "net.sock.peer.port",
    ];

    public static void Strip(Activity activity)
    {
        foreach (var name in ClientIdentityAttributes)
        {
            activity.SetTag(name, null);
        }
    }
}

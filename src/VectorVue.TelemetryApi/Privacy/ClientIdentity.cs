using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Recognises metadata that would identify the client or capture its input: key names (compared case- and
/// separator-insensitively) and values that are IP addresses.
/// </summary>
internal static class ClientIdentity
{
    /// <summary>Normalised key names (lower-case letters and digits only) that are never stored.</summary>
    private static readonly FrozenSet<string> SensitiveKeys = FrozenSet.Create(StringComparer.Ordinal,
        // the contract's list (docs/ingestion-contract.md, "Privacy")
        "ip", "ipaddress", "ipaddr", "clientip", "remoteaddr", "xforwardedfor",
        "useragent", "ua", "keystrokes", "keypress", "keyboard", "typedtext",
        // the same things under their other common spellings
        "ipv4", "ipv6", "remoteaddress", "remoteip", "clientaddress", "clientaddr", "xrealip", "forwardedfor",
        "forwarded", "httpuseragent", "keystroke", "keypresses", "keylog", "typedcontent", "typedinput");

    public static bool IsSensitiveKey(string key) => SensitiveKeys.Contains(Normalize(key));

    /// <summary>True for IPv4 (dotted quad), IPv6, either with a port, and IPv6 in brackets.</summary>
    public static bool IsIpAddress(string value)
    {
        var s = value.AsSpan().Trim();
        if (s.Length is < 2 or > 64)
        {
            return false;
        }

        if (s[0] == '[')
        {
            var end = s.IndexOf(']');
            if (end < 0)
            {
                return false;
            }

            s = s[1..end];
        }
        else if (s.Count(':') == 1)
        {
            s = s[..s.IndexOf(':')]; // IPv4 with a port
        }

        if (s.Contains(':'))
        {
            return IPAddress.TryParse(s, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        return IsDottedQuad(s);
    }

    private static bool IsDottedQuad(ReadOnlySpan<char> s)
    {
        var parts = 0;
        foreach (var range in s.Split('.'))
        {
            var part = s[range];
            if (++parts > 4 || part.Length is 0 or > 3
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static string Normalize(string key) =>
        string.Create(key.Count(char.IsAsciiLetterOrDigit), key, static (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    span[i++] = char.ToLowerInvariant(c);
                }
            }
        });
}

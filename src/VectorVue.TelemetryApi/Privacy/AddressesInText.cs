using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Finds IP addresses anywhere in a text: alone (<c>203.0.113.7</c>, <c>[2001:db8::1]:443</c>), in lists
/// (<c>198.51.100.7, 10.0.0.1</c>), and in header-like values (<c>for=198.51.100.7</c>, <c>for="[2001:db8::1]"</c>).
/// A dotted quad glued to a letter (<c>v1.2.3.4</c>) is a version, not an address.
/// </summary>
internal static partial class AddressesInText
{
    public static bool ContainsIpAddress(string text) =>
        (text.Contains('.') && ContainsIpv4(text)) || (text.AsSpan().Count(':') >= 2 && ContainsIpv6(text));

    private static bool ContainsIpv4(string text)
    {
        foreach (Match match in DottedQuad().Matches(text))
        {
            if (match.Groups["octet"].Captures.All(octet => int.Parse(octet.ValueSpan, CultureInfo.InvariantCulture) <= 255))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsIpv6(string text)
    {
        foreach (Match match in Ipv6Candidate().Matches(text))
        {
            if (IPAddress.TryParse(match.ValueSpan, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z.])(?:(?<octet>[0-9]{1,3})\.){3}(?<octet>[0-9]{1,3})(?![0-9]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex DottedQuad();

    // Hex groups and colons (at least two), optionally ending in a dotted quad; the parser decides.
    [GeneratedRegex(@"(?<![0-9A-Za-z:])[0-9A-Fa-f:]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Candidate();
}

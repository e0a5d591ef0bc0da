using System.Collections.Frozen;

namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Recognises metadata keys that name the client's address, its user agent, or what the user typed — by the words
/// of the key, not its exact spelling: <c>navigator.userAgent</c>, <c>browser_user_agent</c>, <c>client_ip_address</c>,
/// <c>user_ip</c> and <c>typed_query</c> are all caught, while <c>zip</c> or <c>tip</c> are not (a word must match whole).
/// </summary>
internal static class SensitiveKeys
{
    /// <summary>The longest run of adjacent words that is joined and looked up (<c>x forwarded for</c>).</summary>
    private const int LongestPhrase = 3;

    /// <summary>Words, or adjacent words written together, that are never stored as a key.</summary>
    private static readonly FrozenSet<string> Phrases = FrozenSet.Create(StringComparer.Ordinal,
        // the client's network address
        "ip", "ips", "ip4", "ip6", "ipv4", "ipv6", "ipaddr", "ipaddress", "ipaddresses",
        "clientip", "clientaddr", "clientaddress", "clienthost", "remoteaddr", "remoteaddress", "remoteip", "remotehost",
        "peeraddr", "peeraddress", "peerip", "sourceip", "srcip", "realip", "xrealip",
        "forwarded", "forwardedfor", "xforwardedfor",
        // the client's software
        "ua", "useragent", "useragents", "httpuseragent",
        // keystrokes and typed content
        "keystroke", "keystrokes", "keypress", "keypresses", "keyboard", "keylog", "keylogs", "keylogger",
        "keydown", "keyup", "keycode", "keycodes", "typed", "typing", "typedtext", "typedcontent", "typedinput",
        "textinput", "userinput", "inputtext", "inputvalue", "searchquery", "searchterm", "searchtext", "searchinput");

    public static bool IsSensitive(string key)
    {
        var words = KeyWords.Split(key);
        if (words.Count == 0)
        {
            return false;
        }

        for (var first = 0; first < words.Count; first++)
        {
            var phrase = string.Empty;
            for (var last = first; last < Math.Min(words.Count, first + LongestPhrase); last++)
            {
                phrase += words[last];
                if (Phrases.Contains(phrase))
                {
                    return true;
                }
            }
        }

        return Phrases.Contains(string.Concat(words));
    }
}

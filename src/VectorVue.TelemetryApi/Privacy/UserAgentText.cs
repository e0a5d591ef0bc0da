using System.Text.RegularExpressions;

namespace VectorVue.TelemetryApi.Privacy;

/// <summary>
/// Recognises a user-agent string in a value: a browser's (<c>Mozilla/5.0 (X11; …)</c>), a rendering engine's or an
/// HTTP library's product token with its version (<c>AppleWebKit/537.36</c>, <c>curl/8.4.0</c>), or any
/// <c>product/version (platform; …)</c> the way user agents are written. A bare <c>portal/2.3</c> is left alone.
/// </summary>
internal static partial class UserAgentText
{
    public static bool IsUserAgent(string text) => text.Contains('/') && (KnownProduct().IsMatch(text) || ProductWithComment().IsMatch(text));

    [GeneratedRegex(
        @"(?<![A-Za-z0-9])(?:Mozilla|AppleWebKit|KHTML|Gecko|Chrome|Chromium|HeadlessChrome|CriOS|Safari|Firefox|FxiOS|Edg|EdgA|EdgiOS|Edge|OPR|Opera|Trident|MSIE|SamsungBrowser|YaBrowser|Dalvik|CFNetwork|Darwin|curl|Wget|python-requests|python-urllib|aiohttp|httpx|okhttp|Go-http-client|Java|Apache-HttpClient|axios|node-fetch|undici|PostmanRuntime|insomnia|libwww-perl|Googlebot|bingbot)/[0-9]",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex KnownProduct();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9._+-]*/[0-9][A-Za-z0-9._+-]*\s*\([^)]*;", RegexOptions.CultureInvariant)]
    private static partial Regex ProductWithComment();
}

using System.Text.Json;
using VectorVue.TelemetryApi.Privacy;

namespace VectorVue.Tests.Privacy;

public sealed class MetadataSanitizerTests
{
    private static SanitizedMetadata Sanitize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return MetadataSanitizer.Sanitize(document.RootElement);
    }

    [Theory]
    [InlineData("ip")]
    [InlineData("IP_Address")]
    [InlineData("ipAddr")]
    [InlineData("client-ip")]
    [InlineData("REMOTE_ADDR")]
    [InlineData("X-Forwarded-For")]
    [InlineData("user_agent")]
    [InlineData("userAgent")]
    [InlineData("UA")]
    [InlineData("keystrokes")]
    [InlineData("key.press")]
    [InlineData("Keyboard")]
    [InlineData("typed text")]
    [InlineData("typed_text")]
    [InlineData("navigator.userAgent")]
    [InlineData("browser_user_agent")]
    [InlineData("HTTP_USER_AGENT")]
    [InlineData("client_ip_address")]
    [InlineData("clientIPAddress")]
    [InlineData("user_ip")]
    [InlineData("x_real_ip")]
    [InlineData("XForwardedFor")]
    [InlineData("ipv6")]
    [InlineData("typed_query")]
    [InlineData("lastKeyPress")]
    [InlineData("search query")]
    public void Keys_naming_client_identity_or_input_are_dropped(string key)
    {
        var result = Sanitize($$"""{"{{key}}": "anything", "page": "findings"}""");

        Assert.Equal("""{"page":"findings"}""", result.Json);
        Assert.Equal(1, result.DroppedKeys);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.0.0.1:8080")]
    [InlineData("2001:db8::1")]
    [InlineData("[2001:db8::1]:443")]
    [InlineData("::1")]
    public void Ip_address_values_are_dropped(string value)
    {
        var result = Sanitize($$"""{"origin": "{{value}}", "page": "findings"}""");

        Assert.Equal("""{"page":"findings"}""", result.Json);
    }

    [Theory]
    [InlineData("zip")]
    [InlineData("tip")]
    [InlineData("recipient")]
    [InlineData("ipo_date")]
    [InlineData("description")]
    [InlineData("user_id_hint")]
    [InlineData("agent_count")]
    [InlineData("key")]
    [InlineData("page")]
    public void Keys_that_only_contain_those_letters_are_kept(string key)
    {
        var result = Sanitize($$"""{"{{key}}": "x"}""");

        Assert.Equal(0, result.DroppedKeys);
        Assert.Contains(key, result.Json);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36")]
    [InlineData("Mozilla/5.0 (X11; …)")]
    [InlineData("curl/8.4.0")]
    [InlineData("python-requests/2.31.0")]
    [InlineData("MyPortalApp/3.1 (iPhone; iOS 17.1; Scale/3.00)")]
    [InlineData("198.51.100.7, 10.0.0.1")]
    [InlineData("for=198.51.100.7")]
    [InlineData("for=\\\"[2001:db8::1]:443\\\";proto=https")] // JSON-escaped quotes, as in a Forwarded header
    [InlineData("seen from 203.0.113.9 via proxy")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("fe80::1%eth0")]
    public void Values_holding_an_address_or_a_user_agent_are_dropped(string value)
    {
        var result = Sanitize($$"""{"origin": "{{value}}", "page": "findings"}""");

        Assert.Equal("""{"page":"findings"}""", result.Json);
        Assert.Equal(1, result.DroppedKeys);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("999.1.1.1")]
    [InlineData("v1.2.3.4")]
    [InlineData("10:30")]
    [InlineData("finding:42")]
    [InlineData("10:15:00")]
    [InlineData("2026-11-26T10:15:00Z")]
    [InlineData("1.2.3.4.5")]
    [InlineData("portal/2.3")]
    [InlineData("report 2026/11 (draft)")]
    [InlineData("std::vector")]
    [InlineData("00:1a:2b:3c:4d:5e")]
    public void Values_that_only_resemble_addresses_are_kept(string value)
    {
        Assert.Contains(value, Sanitize($$"""{"v": "{{value}}"}""").Json);
    }

    [Fact]
    public void At_most_24_keys_are_kept()
    {
        var json = "{" + string.Join(',', Enumerable.Range(0, 30).Select(i => $"\"k{i}\": {i}")) + "}";

        var result = Sanitize(json);

        using var stored = JsonDocument.Parse(result.Json);
        Assert.Equal(24, stored.RootElement.EnumerateObject().Count());
        Assert.Equal(6, result.DroppedKeys);
    }

    [Fact]
    public void Long_keys_are_dropped_and_long_strings_cut_to_512()
    {
        var result = Sanitize($$"""{"{{new string('k', 81)}}": 1, "{{new string('k', 80)}}": "{{new string('v', 600)}}"}""");

        using var stored = JsonDocument.Parse(result.Json);
        var property = Assert.Single(stored.RootElement.EnumerateObject());
        Assert.Equal(80, property.Name.Length);
        Assert.Equal(512, property.Value.GetString()!.Length);
    }

    [Fact]
    public void Nested_values_are_scrubbed_then_stringified()
    {
        var result = Sanitize("""{"ctx": {"ip": "203.0.113.7", "view": "grid", "peers": ["198.51.100.1", "a"]}}""");

        using var stored = JsonDocument.Parse(result.Json);
        Assert.Equal("""{"view":"grid","peers":["a"]}""", stored.RootElement.GetProperty("ctx").GetString());
    }

    [Fact]
    public void Nested_values_lose_user_agents_and_addresses_inside_text_too()
    {
        var result = Sanitize("""{"ctx": {"navigator.userAgent": "x", "via": "for=203.0.113.7", "agent": "curl/8.4.0", "view": "grid"}}""");

        using var stored = JsonDocument.Parse(result.Json);
        Assert.Equal("""{"view":"grid"}""", stored.RootElement.GetProperty("ctx").GetString());
    }

    [Fact]
    public void Control_characters_are_errors()
    {
        Assert.NotEmpty(Sanitize("""{"a": "line\nbreak"}""").Errors);
    }

    /// <summary>Numbers PostgreSQL's jsonb would refuse after a 202, or spell out at enormous length.</summary>
    public static TheoryData<string> UnstorableNumbers => new()
    {
        "1e400",
        "-1e400",
        "1e-99999",
        "0e-99999",
        "1e131071",
        "1e-400",
        "0." + new string('0', 30) + "1e-300",
        new string('9', 10_000),
        "1" + new string('0', 40),
        "-0.00000000000000000000000000000000000001e-290",
    };

    [Theory]
    [MemberData(nameof(UnstorableNumbers))]
    public void Numbers_postgresql_cannot_store_as_sent_are_errors(string number)
    {
        var result = Sanitize($$"""{"a": {{number}}}""");

        var error = Assert.Single(result.Errors);
        Assert.Contains("metadata_json['a'] must be a number", error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("0e-400")]
    [InlineData("42")]
    [InlineData("-3.25")]
    [InlineData("1e-300")]
    [InlineData("4.9e-324")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("12345678901234567890123")]
    [InlineData("1E+2")]
    public void Numbers_postgresql_can_store_are_kept_as_sent(string number)
    {
        var result = Sanitize($$"""{"a": {{number}}}""");

        Assert.Empty(result.Errors);
        Assert.Equal($$"""{"a":{{number}}}""", result.Json);
    }
}

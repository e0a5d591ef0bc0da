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
    [InlineData("1")]
    [InlineData("1.2.3")]
    [InlineData("999.1.1.1")]
    [InlineData("v1.2.3.4")]
    [InlineData("10:30")]
    [InlineData("finding:42")]
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
    public void Control_characters_and_non_finite_numbers_are_errors()
    {
        Assert.NotEmpty(Sanitize("""{"a": "line\nbreak"}""").Errors);
        Assert.NotEmpty(Sanitize("""{"a": 1e400}""").Errors);
    }
}

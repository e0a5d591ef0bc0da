namespace VectorVue.TelemetryApi.Authentication;

/// <summary>One entry of <see cref="JwtOptions.SigningKeys"/>: <c>VectorVue:Jwt:SigningKeys:&lt;n&gt;:Id</c> and <c>:Key</c>.</summary>
public sealed class JwtSigningKey
{
    /// <summary>The <c>kid</c> a token signed with this key carries in its header (compared exactly).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The HS256 key (UTF-8, at least 32 bytes).</summary>
    public string Key { get; set; } = string.Empty;
}

namespace VectorVue.DevTokens;

/// <summary>
/// What a development token is signed with and says about its issuer and audience: the key, <c>iss</c>, <c>aud</c>
/// and, for a key of the API's key list, its <c>kid</c>. <see cref="Find"/> reads the development values the AppHost
/// gives the API.
/// </summary>
public sealed record DevTokenSettings(string SigningKey, string Issuer, string Audience, string? KeyId = null)
{
    public const string IssuerVariable = "VECTORVUE_JWT_ISSUER";
    public const string AudienceVariable = "VECTORVUE_JWT_AUDIENCE";

    /// <summary>
    /// The key (<see cref="DevSigningKey"/>), the issuer (<c>VECTORVUE_JWT_ISSUER</c>, else the parameter <c>jwt-issuer</c>)
    /// and the audience (<c>VECTORVUE_JWT_AUDIENCE</c>, else <c>jwt-audience</c>).
    /// </summary>
    /// <param name="problem">What is missing, when the answer is null.</param>
    public static DevTokenSettings? Find(out string problem)
    {
        var key = DevSigningKey.Find();
        var issuer = DevelopmentParameters.Find("jwt-issuer", IssuerVariable);
        var audience = DevelopmentParameters.Find("jwt-audience", AudienceVariable);
        var missing = new[]
        {
            (Value: key, What: $"signing key ({DevSigningKey.EnvironmentVariable} or Parameters:jwt-signing-key)"),
            (Value: issuer, What: $"issuer ({IssuerVariable} or Parameters:jwt-issuer)"),
            (Value: audience, What: $"audience ({AudienceVariable} or Parameters:jwt-audience)"),
        }.Where(setting => string.IsNullOrEmpty(setting.Value)).Select(setting => setting.What).ToList();

        problem = missing.Count == 0
            ? string.Empty
            : $"No {string.Join(", no ", missing)}: set the variables, or run inside the repository ({DevelopmentParameters.SettingsPath}).";
        return missing.Count == 0 ? new DevTokenSettings(key!, issuer!, audience!) : null;
    }
}

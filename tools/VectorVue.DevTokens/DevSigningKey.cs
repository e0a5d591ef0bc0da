namespace VectorVue.DevTokens;

/// <summary>
/// The development signing key: <c>VECTORVUE_JWT_SIGNING_KEY</c>, else the AppHost's development parameter
/// <c>jwt-signing-key</c> (<see cref="DevelopmentParameters"/>).
/// </summary>
public static class DevSigningKey
{
    public const string EnvironmentVariable = "VECTORVUE_JWT_SIGNING_KEY";

    public static string? Find() => DevelopmentParameters.Find("jwt-signing-key", EnvironmentVariable);
}

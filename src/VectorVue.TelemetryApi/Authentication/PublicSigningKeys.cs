namespace VectorVue.TelemetryApi.Authentication;

/// <summary>
/// Signing keys anyone can read: they sit in this repository (the development key in
/// <c>src/VectorVue.AppHost/appsettings.Development.json</c>, read by <c>make token</c> through
/// <c>tools/VectorVue.DevTokens/DevSigningKey.cs</c>) or in its documentation. A token signed with one of them
/// proves nothing, so outside Development the API refuses to start with any of them
/// (<see cref="PublicSigningKeyRefusal"/>). This list is the one place such keys are named: a key that is ever
/// published (an example in a doc, a leaked key) is added here.
/// </summary>
internal static class PublicSigningKeys
{
    /// <summary>The AppHost's development parameter <c>jwt-signing-key</c> (a test checks the two agree).</summary>
    public const string Development = "vectorvue-development-signing-key-not-for-production-use";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Development };

    public static bool Contains(string key) => All.Contains(key.Trim());
}

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Every wait in the suite is bounded by one of these.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Startup = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan Request = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Shutdown = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A program the tests run to its end (<c>dotnet run</c> of a service, MSBuild, the Bicep CLI, the migrator): on a
    /// machine loaded by the rest of the suite, <c>dotnet run</c> alone can take most of a minute before the program starts.
    /// </summary>
    public static readonly TimeSpan Process = TimeSpan.FromMinutes(4);
}

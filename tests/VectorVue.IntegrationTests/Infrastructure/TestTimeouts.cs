namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>Every wait in the suite is bounded by one of these.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Startup = TimeSpan.FromMinutes(4);
    public static readonly TimeSpan Request = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Shutdown = TimeSpan.FromMinutes(1);
}

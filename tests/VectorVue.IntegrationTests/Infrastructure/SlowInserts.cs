using Npgsql;

namespace VectorVue.IntegrationTests.Infrastructure;

/// <summary>
/// A slow database, for as long as this lives: every statement inserting into <c>client_activity_events</c> takes at
/// least <c>delay</c> longer (a statement trigger that sleeps). The worker's commits become the bottleneck, so a
/// test's load can keep a backlog without the stream growing fast. Dropped again on dispose.
/// </summary>
internal sealed class SlowInserts : IAsyncDisposable
{
    private readonly VectorVueAppFixture _fixture;

    private SlowInserts(VectorVueAppFixture fixture) => _fixture = fixture;

    public static async Task<SlowInserts> InstallAsync(VectorVueAppFixture fixture, TimeSpan delay)
    {
        await ExecuteAsync(fixture, $"""
            CREATE OR REPLACE FUNCTION vectorvue_tests_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep({delay.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}); RETURN NULL; END $$;
            CREATE OR REPLACE TRIGGER vectorvue_tests_slow_insert AFTER INSERT ON client_activity_events
                FOR EACH STATEMENT EXECUTE FUNCTION vectorvue_tests_slow_insert();
            """);
        return new SlowInserts(fixture);
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(_fixture, """
        DROP TRIGGER IF EXISTS vectorvue_tests_slow_insert ON client_activity_events;
        DROP FUNCTION IF EXISTS vectorvue_tests_slow_insert();
        """);

    private static async Task ExecuteAsync(VectorVueAppFixture fixture, string sql)
    {
        await using var connection = await fixture.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().WaitAsync(TestTimeouts.Request);
    }
}

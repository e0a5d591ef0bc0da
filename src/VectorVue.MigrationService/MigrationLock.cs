using Npgsql;

namespace VectorVue.MigrationService;

/// <summary>
/// Lets one migrator at a time change a database. In Azure every new API and worker replica runs the migrator as
/// its init container (docs/deploy.md, "The migrator"), so several start together against one database; EF Core's
/// own migration lock did not stop two of them from creating the same table (SchemaTests). A PostgreSQL session
/// advisory lock, taken on a connection of its own, is held from reading the applied migrations to the end of
/// seeding; a migrator that dies loses its session and with it the lock.
/// </summary>
internal sealed partial class MigrationLock : IAsyncDisposable
{
    /// <summary>The advisory lock key: "VVMIGRAT" in ASCII, one value for every VectorVue migrator.</summary>
    public const long Key = 0x5656_4D49_4752_4154;

    private readonly NpgsqlConnection _connection;

    private MigrationLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<MigrationLock> AcquireAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!await ExecuteAsync<bool>(connection, "SELECT pg_try_advisory_lock($1)", cancellationToken))
            {
                LogWaiting(logger);
                await ExecuteAsync<object>(connection, "SELECT pg_advisory_lock($1)", cancellationToken);
            }

            return new MigrationLock(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecuteAsync<bool>(_connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private static async Task<T> ExecuteAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        // Waiting for another migrator is bounded by the caller's cancellation, not by a command timeout.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0, Parameters = { new() { Value = Key } } };
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another migrator holds the migration lock; waiting for it to finish")]
    private static partial void LogWaiting(ILogger logger);
}

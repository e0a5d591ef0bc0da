using System.Net.Sockets;
using Npgsql;

namespace VectorVue.Seeder;

/// <summary>
/// Before anything is generated: is the database there, and does it hold the schema the seeder writes into?
/// Each failure becomes one sentence that says what to do.
/// </summary>
internal static class DatabaseCheck
{
    private const string StartIt = "Start it with 'make run' (or point ConnectionStrings__vectorvue at a running database).";

    public static async Task<string?> FindProblemAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var target = Describe(dataSource.ConnectionString);
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT to_regclass('public.tenants'), to_regclass('public.users'), to_regclass('public.client_activity_events'), to_regclass('public.event_receipts')");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            string[] tables = ["tenants", "users", "client_activity_events", "event_receipts"];
            var missing = tables.Where((_, i) => reader.IsDBNull(i)).ToArray();
            return missing.Length == 0 ? null
                : $"The database at {target} has no {string.Join(", ", missing)}: the schema is missing or older than the seeder. Start the system once with 'make run': its migration service applies the schema.";
        }
        catch (NpgsqlException e) when (e.InnerException is SocketException or TimeoutException or IOException || e is { IsTransient: true })
        {
            return $"Cannot reach PostgreSQL at {target} ({e.InnerException?.Message ?? e.Message}). {StartIt}";
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidCatalogName)
        {
            return $"PostgreSQL at {target} has no such database ({e.MessageText}). {StartIt}";
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return $"PostgreSQL at {target} refused the login ({e.MessageText}). Check the connection string's user and password.";
        }
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}

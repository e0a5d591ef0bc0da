using System.Text.RegularExpressions;
using Npgsql;

namespace VectorVue.MigrationService.Roles;

/// <summary>
/// Creates the services' own roles and grants each exactly its <see cref="ServiceRole"/> privileges, at every run:
/// a role is made to log in with the password of its connection string (<c>ConnectionStrings:vectorvue-api</c>, …),
/// everything it holds in the schema (tables, sequences, functions) is revoked and its own privileges granted again,
/// and the functions some role may execute are taken from <c>PUBLIC</c>, all in one transaction. So a password
/// follows its secret, a privilege granted by hand (on a table or a function) is gone after the next start, and a
/// table a future migration creates is reachable by no service until its role's list names it. A role named by no
/// connection string is left alone (<c>make phase7e-migrate</c>, or an operator who manages roles himself).
/// </summary>
internal sealed partial class ServiceRoleProvisioner(IConfiguration configuration, ILogger<ServiceRoleProvisioner> logger)
{
    public async Task ApplyAsync(string ownerConnectionString, CancellationToken cancellationToken)
    {
        var configured = new List<(ServiceRole Role, NpgsqlConnectionStringBuilder Credentials)>();
        foreach (var role in ServiceRole.All)
        {
            if (configuration.GetConnectionString(role.ConnectionName) is { Length: > 0 } connectionString)
            {
                configured.Add((role, new NpgsqlConnectionStringBuilder(connectionString)));
            }
            else
            {
                LogNotConfigured(logger, role.ConnectionName);
            }
        }

        if (configured.Count == 0)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var owner = await ScalarAsync<string>(connection, "SELECT current_user", cancellationToken);
        foreach (var (role, credentials) in configured)
        {
            var name = RoleName(role, credentials.Username, owner);
            await EnsureLoginAsync(connection, name, credentials.Password, role, cancellationToken);
            await GrantExactlyAsync(connection, name, role, cancellationToken);
            LogRoleReady(logger, name, role.ConnectionName, role.Privileges.Count + (role.Functions?.Count ?? 0));
        }

        await KeepPublicFromCreatingAsync(connection, cancellationToken);
        await KeepPublicFromExecutingAsync(connection, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The role a connection string names: a plain lower-case identifier, and never the schema's owner.</summary>
    private static string RoleName(ServiceRole role, string? username, string owner)
    {
        if (username is null || !PlainIdentifier().IsMatch(username))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{role.ConnectionName} must name its role with a plain lower-case identifier (letters, digits, '_'), not '{username}'.");
        }

        if (username == owner)
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{role.ConnectionName} names '{username}', the schema's owner: a service must connect as a role of its own.");
        }

        return username;
    }

    private static async Task EnsureLoginAsync(NpgsqlConnection connection, string name, string? password, ServiceRole role, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException($"ConnectionStrings:{role.ConnectionName} has no password.");
        }

        var (exists, privileged, memberOf) = await ReadRoleAsync(connection, name, cancellationToken);
        if (privileged)
        {
            throw new InvalidOperationException(
                $"Role '{name}' ({role.ConnectionName}) is a superuser or may create roles or databases, replicate or bypass row security: a service must not connect as it.");
        }

        if (memberOf is not null)
        {
            throw new InvalidOperationException(
                $"Role '{name}' ({role.ConnectionName}) is a member of {memberOf} and would hold their privileges too: a service's role must stand alone.");
        }

        // Only the SCRAM secret goes into the statement: a server that logs DDL never sees the password.
        var verb = exists ? "ALTER" : "CREATE";
        await ExecuteAsync(connection, $"{verb} ROLE {Identifier(name)} WITH LOGIN PASSWORD {Literal(ScramSecret.For(password))}", cancellationToken);
    }

    private static async Task<(bool Exists, bool Privileged, string? MemberOf)> ReadRoleAsync(
        NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls,
                   (SELECT string_agg(g.rolname, ', ') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)
            FROM pg_roles r WHERE r.rolname = $1
            """, connection) { Parameters = { new() { Value = name } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (false, false, null);
        }

        return (true, reader.GetBoolean(0), await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetString(1));
    }

    private static async Task GrantExactlyAsync(NpgsqlConnection connection, string name, ServiceRole role, CancellationToken cancellationToken)
    {
        var quoted = Identifier(name);
        var schemas = string.Join(", ", ServiceRole.ManagedSchemas);
        // Revoking a table's privileges revokes its column privileges too.
        string[] statements =
        [
            $"REVOKE ALL ON ALL TABLES IN SCHEMA {schemas} FROM {quoted}",
            $"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schemas} FROM {quoted}",
            $"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {schemas} FROM {quoted}",
            $"REVOKE ALL ON SCHEMA {schemas} FROM {quoted}",
            $"GRANT USAGE ON SCHEMA {string.Join(", ", role.Schemas)} TO {quoted}",
            .. role.Privileges.Select(privilege => privilege.GrantTo(quoted)),
            .. (role.Functions ?? []).Select(function => function.GrantTo(quoted)),
        ];
        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }
    }

    /// <summary>
    /// Before PostgreSQL 15 every role may create tables in <c>public</c> (through <c>PUBLIC</c>); take that back where
    /// it is still so. Newer servers, and Azure's, start without it.
    /// </summary>
    private static async Task KeepPublicFromCreatingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var publicMayCreate = await ScalarAsync<bool>(connection,
            """
            SELECT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(n.nspacl) a
                           WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE')
            """, cancellationToken);
        if (publicMayCreate)
        {
            await ExecuteAsync(connection, "REVOKE CREATE ON SCHEMA public FROM PUBLIC", cancellationToken);
        }
    }

    /// <summary>
    /// The functions a role is granted run as their owner (SECURITY DEFINER): EXECUTE through <c>PUBLIC</c> would give
    /// them to every role. The migration revokes it; a grant to <c>PUBLIC</c> by hand is gone after the next start too.
    /// </summary>
    private static async Task KeepPublicFromExecutingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var function in ServiceRole.ManagedFunctions)
        {
            await ExecuteAsync(connection, function.RevokeFromPublic(), cancellationToken);
        }
    }

    private static string Identifier(string name) => $"\"{name}\"";

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainIdentifier();

    [LoggerMessage(Level = LogLevel.Information, Message = "No ConnectionStrings:{ConnectionName}: its service's role is left as it is")]
    private static partial void LogNotConfigured(ILogger logger, string connectionName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Role {Role} ({ConnectionName}) logs in with its connection string's password and holds exactly its {Count} privileges")]
    private static partial void LogRoleReady(ILogger logger, string role, string connectionName, int count);
}

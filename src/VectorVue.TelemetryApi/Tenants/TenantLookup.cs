using Npgsql;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>Reads a tenant's state and its user's id from <c>tenants</c> and <c>users</c>: one indexed round trip.</summary>
internal sealed class TenantLookup(NpgsqlDataSource dataSource) : ITenantLookup
{
    public async Task<TenantAccess> LookUpAsync(TenantKey key, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                """
                SELECT t.is_active, u.id
                FROM tenants t
                LEFT JOIN users u ON u.tenant_id = t.id AND u.username = $2
                WHERE t.id = $1
                """);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = key.TenantId });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)key.Username ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return TenantAccess.Unknown;
            }

            var active = reader.GetBoolean(0);
            Guid? userId = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetGuid(1);
            return new TenantAccess(active ? TenantStatus.Active : TenantStatus.Inactive, userId);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            throw new TenantDirectoryUnavailableException("The tenant directory's database cannot be reached.", ex);
        }
    }
}

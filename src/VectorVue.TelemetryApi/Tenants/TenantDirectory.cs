using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>
/// Answers "may this tenant send events, and which user is <c>sub</c>?" from the database, cached so that a
/// request costs no database round trip. Unknown answers are cached briefly, so a new tenant works within seconds.
/// </summary>
internal sealed class TenantDirectory(NpgsqlDataSource dataSource, IOptions<TenantDirectoryOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<(Guid TenantId, string? Username), CacheEntry> _cache = new();

    public async ValueTask<TenantAccess> GetAccessAsync(Guid tenantId, string? username, CancellationToken cancellationToken)
    {
        var key = (tenantId, username);
        var now = timeProvider.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Access;
        }

        var access = await LoadAsync(tenantId, username, cancellationToken);
        var ttl = access.Status == TenantStatus.Active && (username is null || access.UserId is not null)
            ? options.Value.CacheDuration
            : options.Value.NegativeCacheDuration;
        _cache[key] = new CacheEntry(access, now + ttl);
        return access;
    }

    private async Task<TenantAccess> LoadAsync(Guid tenantId, string? username, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT t.is_active, u.id
            FROM tenants t
            LEFT JOIN users u ON u.tenant_id = t.id AND u.username = $2
            WHERE t.id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)username ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return TenantAccess.Unknown;
        }

        var active = reader.GetBoolean(0);
        Guid? userId = await reader.IsDBNullAsync(1, cancellationToken) ? null : reader.GetGuid(1);
        return new TenantAccess(active ? TenantStatus.Active : TenantStatus.Inactive, userId);
    }

    private readonly record struct CacheEntry(TenantAccess Access, DateTimeOffset ExpiresAt);
}

namespace VectorVue.TelemetryApi.Tenants;

/// <summary>One look-up of a tenant and user in the database, uncached.</summary>
internal interface ITenantLookup
{
    /// <exception cref="TenantDirectoryUnavailableException">The database cannot answer.</exception>
    Task<TenantAccess> LookUpAsync(TenantKey key, CancellationToken cancellationToken);
}

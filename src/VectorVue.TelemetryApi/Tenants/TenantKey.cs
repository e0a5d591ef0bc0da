namespace VectorVue.TelemetryApi.Tenants;

/// <summary>What the directory is asked about: a token's tenant and user name (null: no user).</summary>
internal readonly record struct TenantKey(Guid TenantId, string? Username)
{
    /// <summary>The longest user name a user can have: <c>users.username</c> is <c>varchar(200)</c>.</summary>
    public const int MaxUsernameLength = 200;

    /// <summary>
    /// The key of a token's tenant and user. A user name longer than any user's names no user, so it is asked as
    /// the tenant alone (the same answer): a cache key is never larger than a real user name.
    /// </summary>
    public static TenantKey Of(Guid tenantId, string? username) =>
        new(tenantId, username is { Length: > MaxUsernameLength } ? null : username);
}

namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// What a service connects as: its own PostgreSQL role, which the migrator creates and grants exactly what the
/// service's statements need, and its own Redis ACL user, allowed only the commands the service runs
/// (docs/architecture.md, "Least privilege"). Neither service ever gets the schema owner or Redis' default user.
/// </summary>
/// <param name="Resource">The service's resource name; also its <c>application_name</c> in PostgreSQL and client name in Redis.</param>
/// <param name="Suffix">What tells its connection strings and parameters apart: <c>vectorvue-api</c>, <c>postgres-api-password</c>.</param>
/// <param name="DatabaseRole">The PostgreSQL role the AppHost names in the service's connection string (local and container modes).</param>
/// <param name="RedisUser">The service's Redis ACL user.</param>
internal sealed record ServiceAccount(string Resource, string Suffix, string DatabaseRole, RedisServiceUser RedisUser)
{
    public static readonly ServiceAccount Api = new("telemetry-api", "api", "vectorvue_api", RedisServiceUser.Api);

    public static readonly ServiceAccount Worker = new("worker", "worker", "vectorvue_worker", RedisServiceUser.Worker);

    /// <summary>
    /// The service's database connection string resource, and the connection name the migrator reads it under to
    /// create the role (<c>ConnectionStrings:vectorvue-api</c>). The service itself reads it as <c>ConnectionStrings:vectorvue</c>.
    /// </summary>
    public string DatabaseConnectionName => $"{VectorVueInfrastructure.DatabaseName}-{Suffix}";

    /// <summary>The service's Redis connection string resource (the service reads it as <c>ConnectionStrings:redis</c>).</summary>
    public string RedisConnectionName => $"{VectorVueInfrastructure.RedisName}-{Suffix}";

    /// <summary>The secret parameter holding the role's password (local and container modes).</summary>
    public string DatabasePasswordParameter => $"postgres-{Suffix}-password";

    /// <summary>The secret parameter holding the Redis user's password (local and container modes).</summary>
    public string RedisPasswordParameter => $"redis-{Suffix}-password";
}

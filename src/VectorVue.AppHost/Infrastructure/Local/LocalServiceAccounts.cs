namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// The services' own accounts in local mode: one password per PostgreSQL role and per Redis user, generated once per
/// data directory beside the servers' own (<c>postgres-api.password</c>, <c>redis-worker.password</c>, …); each
/// service's connection strings name its role and user. The migrator creates the roles; the Redis users are defined
/// by the server's configuration at every start (<c>scripts/redis.sh</c>), never on its command line.
/// </summary>
internal static class LocalServiceAccounts
{
    public static (ServiceConnections Api, ServiceConnections Worker) AddLocalServiceAccounts(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<LocalPostgresResource> postgres,
        IResourceBuilder<ILocalRedisForServices> redis,
        IReadOnlyList<IResourceBuilder<LocalRedisResource>> redisServers,
        string dataDirectory,
        IReadOnlyList<IResourceBuilder<IResource>> startupDependencies)
    {
        var redisUsers = new List<(RedisServiceUser User, ParameterResource Password)>();

        ServiceConnections Add(ServiceAccount account)
        {
            var databasePassword = builder.AddSecretParameter(account.DatabasePasswordParameter, dataDirectory, $"postgres-{account.Suffix}");
            var redisPassword = builder.AddSecretParameter(account.RedisPasswordParameter, dataDirectory, $"redis-{account.Suffix}");
            redisUsers.Add((account.RedisUser, redisPassword.Resource));

            var database = builder.AddConnectionString(account.DatabaseConnectionName, postgres.Resource.ConnectionStringFor(
                    VectorVueInfrastructure.DatabaseName, account.DatabaseRole, databasePassword.Resource, account.Resource))
                .WithParentRelationship(postgres);
            var redisConnection = builder.AddConnectionString(account.RedisConnectionName, redis.Resource.ConnectionStringFor(
                    account.RedisUser, redisPassword.Resource, account.Resource))
                .WithParentRelationship(redis);
            return new ServiceConnections(database, redisConnection, startupDependencies);
        }

        var api = Add(ServiceAccount.Api);
        var worker = Add(ServiceAccount.Worker);

        // One "user <name> <rules>" configuration line per service, with the password's SHA-256 only, on every server
        // (each node of a cluster keeps its own ACL).
        foreach (var server in redisServers)
        {
            server.WithEnvironment(async context =>
            {
                var users = await RedisServiceUser.RulesOfAsync(redisUsers, context.CancellationToken);
                context.EnvironmentVariables["REDIS_USERS"] = string.Join('\n', users.Select(u => $"user {u.Name} {string.Join(' ', u.Rules)}"));
            });
        }

        return (api, worker);
    }
}

namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// The services' own accounts in container mode (not exercised by this repository's tests: they need a container
/// engine). Passwords are generated parameters kept in the AppHost's user secrets; the migrator creates the roles
/// and sets their passwords at every start; the Redis users are <c>--user</c> options of the container's
/// <c>redis-server</c>, with each password as its SHA-256 only.
/// </summary>
internal static class ContainerServiceAccounts
{
    public static (ServiceConnections Api, ServiceConnections Worker) AddContainerServiceAccounts(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<PostgresServerResource> postgres,
        IResourceBuilder<RedisResource> redis,
        IReadOnlyList<IResourceBuilder<IResource>> startupDependencies)
    {
        var redisUsers = new List<(RedisServiceUser User, ParameterResource Password)>();

        ServiceConnections Add(ServiceAccount account)
        {
            var databasePassword = builder.AddGeneratedPassword(account.DatabasePasswordParameter);
            var redisPassword = builder.AddGeneratedPassword(account.RedisPasswordParameter);
            redisUsers.Add((account.RedisUser, redisPassword.Resource));

            var server = postgres.Resource.PrimaryEndpoint;
            var database = builder.AddConnectionString(account.DatabaseConnectionName, ReferenceExpression.Create(
                    $"Host={server.Property(EndpointProperty.Host)};Port={server.Property(EndpointProperty.Port)};Username={account.DatabaseRole};Password={databasePassword.Resource};Database={VectorVueInfrastructure.DatabaseName};Application Name={account.Resource}"))
                .WithParentRelationship(postgres);
            var redisConnection = builder.AddConnectionString(account.RedisConnectionName, ReferenceExpression.Create(
                    $"{redis.Resource.PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},user={account.RedisUser.Name},password={redisPassword.Resource},name={account.Resource}"))
                .WithParentRelationship(redis);
            return new ServiceConnections(database, redisConnection, startupDependencies);
        }

        var api = Add(ServiceAccount.Api);
        var worker = Add(ServiceAccount.Worker);

        // Inside the container's "/bin/sh -c" script: every word quoted ('#', '~', '|' mean something to the shell).
        redis.WithRedisServerOptions(async cancellationToken =>
        {
            var users = await RedisServiceUser.RulesOfAsync(redisUsers, cancellationToken);
            return string.Join(' ', users.Select(u => "--user " + string.Join(' ', u.Rules.Prepend(u.Name).Select(word => $"'{word}'"))));
        });

        return (api, worker);
    }

    private static IResourceBuilder<ParameterResource> AddGeneratedPassword(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
}

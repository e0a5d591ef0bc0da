namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>Local Redis as the services reach it (the single server or the cluster): a connection string per ACL user.</summary>
internal interface ILocalRedisForServices : IResourceWithConnectionString
{
    /// <summary>Connection string of a service's own ACL user, named after the service in <c>CLIENT LIST</c>.</summary>
    ReferenceExpression ConnectionStringFor(RedisServiceUser user, ParameterResource password, string clientName);
}

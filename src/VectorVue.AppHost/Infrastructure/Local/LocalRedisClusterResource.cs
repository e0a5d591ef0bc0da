namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// The local Redis Cluster as the services see it (resource <c>redis</c>): one connection string naming every node
/// by the address the cluster itself uses, so StackExchange.Redis finds each slot's node without aliases. It runs once
/// the nodes have been formed into a cluster and is healthy while every node answers and reports
/// <c>cluster_state:ok</c> (<see cref="LocalHealthChecks.CheckRedisClusterAsync"/>).
/// </summary>
internal sealed class LocalRedisClusterResource(string name, IReadOnlyList<LocalRedisClusterNode> nodes, ParameterResource password)
    : Resource(name), ILocalRedisForServices
{
    public IReadOnlyList<LocalRedisClusterNode> Nodes { get; } = nodes;

    public ParameterResource Password { get; } = password;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var expression = new ReferenceExpressionBuilder();
            expression.AppendLiteral(string.Join(',', Nodes.Select(node => node.Address)));
            expression.Append($",password={Password}");
            return expression.Build();
        }
    }

    /// <inheritdoc/>
    public ReferenceExpression ConnectionStringFor(RedisServiceUser user, ParameterResource password, string clientName)
    {
        var expression = new ReferenceExpressionBuilder();
        expression.AppendLiteral(string.Join(',', Nodes.Select(node => node.Address)));
        expression.AppendLiteral($",user={user.Name}");
        expression.Append($",password={password}");
        expression.AppendLiteral($",name={clientName}");
        return expression.Build();
    }
}

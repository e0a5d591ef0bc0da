
namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>The machine's own <c>redis-server</c> run as an Aspire executable, with a password and AOF on.</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), ILocalRedisForServices
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},password={Password}");

    /// <inheritdoc/>
    public ReferenceExpression ConnectionStringFor(RedisServiceUser user, ParameterResource password, string clientName) => ReferenceExpression.Create(
        $"{Endpoint.Property(EndpointProperty.Host)}:{Endpoint.Property(EndpointProperty.Port)},user={user.Name},password={password},name={clientName}");
}

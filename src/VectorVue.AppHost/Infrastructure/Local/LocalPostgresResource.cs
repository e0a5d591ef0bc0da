
namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>
/// The machine's own PostgreSQL server run as an Aspire executable. Its connection string has the same shape as
/// Aspire's container resource, so the services cannot tell the modes apart.
/// </summary>
internal sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";
    public const string UserName = "postgres";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => field ??= new EndpointReference(this, EndpointName);

    /// <summary>Connection string of the server's maintenance database.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor("postgres");

    public ReferenceExpression ConnectionStringFor(string database) => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={UserName};Password={Password};Database={database}");

    /// <summary>Connection string of a service's own role (which the migrator creates), named after the service in <c>pg_stat_activity</c>.</summary>
    public ReferenceExpression ConnectionStringFor(string database, string role, ParameterResource password, string applicationName) => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={role};Password={password};Database={database};Application Name={applicationName}");
}

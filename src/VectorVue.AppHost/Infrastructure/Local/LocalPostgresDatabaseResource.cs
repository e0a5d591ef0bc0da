
namespace VectorVue.AppHost.Infrastructure.Local;

/// <summary>A database on a <see cref="LocalPostgresResource"/> (the migration service creates it).</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => Parent.ConnectionStringFor(DatabaseName);
}

namespace VectorVue.MigrationService.Roles;

/// <summary>One privilege on one table, on the named columns only when <paramref name="Columns"/> is given.</summary>
/// <param name="Privilege"><c>SELECT</c>, <c>INSERT</c> or <c>UPDATE</c>.</param>
/// <param name="Table">The table, schema-qualified outside <c>public</c>.</param>
/// <param name="Columns">SQL column names (quoted where they must be), or null for the whole table.</param>
internal sealed record TablePrivilege(string Privilege, string Table, IReadOnlyList<string>? Columns = null)
{
    public string GrantTo(string quotedRole) =>
        Columns is null
            ? $"GRANT {Privilege} ON {Table} TO {quotedRole}"
            : $"GRANT {Privilege} ({string.Join(", ", Columns)}) ON {Table} TO {quotedRole}";
}

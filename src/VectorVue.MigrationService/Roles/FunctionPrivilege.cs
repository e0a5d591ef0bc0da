namespace VectorVue.MigrationService.Roles;

/// <summary>EXECUTE on one function, named with its argument types (<c>public.ensure_event_partitions(date, date)</c>).</summary>
internal sealed record FunctionPrivilege(string Signature)
{
    public string GrantTo(string quotedRole) => $"GRANT EXECUTE ON FUNCTION {Signature} TO {quotedRole}";

    /// <summary>PostgreSQL lets every role execute a new function; these are for the roles that are granted them only.</summary>
    public string RevokeFromPublic() => $"REVOKE EXECUTE ON FUNCTION {Signature} FROM PUBLIC";
}

namespace VectorVue.MigrationService;

/// <summary>What the migration service applies. Bound from <c>VectorVue:Migration</c>.</summary>
public sealed class MigrationOptions
{
    public const string SectionName = "VectorVue:Migration";

    /// <summary>
    /// Apply migrations up to and including this one (<c>Phase7E</c>, <c>Phase8</c>, or a full migration id);
    /// empty applies all. Never migrates down: a target already applied is a no-op.
    /// </summary>
    public string? Target { get; set; }

    /// <summary>Create the demo tenant and user (development only) so the README's first request works.</summary>
    public bool SeedDemoTenant { get; set; }
}

namespace VectorVue.MigrationService;

/// <summary>What the migration service applies. Bound from <c>VectorVue:Migration</c>.</summary>
public sealed class MigrationOptions
{
    public const string SectionName = "VectorVue:Migration";

    /// <summary>
    /// Apply migrations up to and including the one this names: <c>ActivityTables</c> (alias <c>Phase7E</c>),
    /// <c>AnalyticsSchema</c> (alias <c>Phase8</c>), or a migration id or name (see <see cref="MigrationTargetResolver"/>);
    /// empty applies all. Never migrates down: a target already applied is a no-op.
    /// </summary>
    public string? Target { get; set; }

    /// <summary>Create the demo tenant and user (development only) so the README's first request works.</summary>
    public bool SeedDemoTenant { get; set; }
}

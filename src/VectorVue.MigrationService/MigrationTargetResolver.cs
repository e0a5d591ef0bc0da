using VectorVue.MigrationService.Migrations;

namespace VectorVue.MigrationService;

/// <summary>
/// Turns a migration target into the id of the migration to migrate to: a target named for what the schema holds
/// once it is applied (<c>ActivityTables</c>, <c>AnalyticsSchema</c>), or a migration (its full id, or its name
/// without the timestamp, or the end of that name).
/// </summary>
internal static class MigrationTargetResolver
{
    /// <summary>
    /// Each named target and the migration that completes it. <c>Phase7E</c> and <c>Phase8</c> are the manual's names
    /// for the first two (<c>make phase7e-migrate</c>, <c>make phase8-migrate</c>) and stay accepted.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NamedTargets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ActivityTables"] = nameof(Phase7E_ClientActivityEvents),
        ["AnalyticsSchema"] = nameof(Phase8_AnalyticsSchema),
        ["Phase7E"] = nameof(Phase7E_ClientActivityEvents),
        ["Phase8"] = nameof(Phase8_AnalyticsSchema),
    };

    /// <returns>The migration id to migrate to, or null for "all".</returns>
    public static string? Resolve(string? target, IReadOnlyList<string> knownMigrations)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return null;
        }

        var migration = NamedTargets.GetValueOrDefault(target, target);
        return knownMigrations.LastOrDefault(id => id.Equals(migration, StringComparison.OrdinalIgnoreCase)
                || id.EndsWith('_' + migration, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"Unknown migration target '{target}'. Named targets: {string.Join(", ", NamedTargets.Keys)}. " +
                $"Known migrations: {string.Join(", ", knownMigrations)}.");
    }
}

namespace VectorVue.MigrationService;

/// <summary>Turns a target such as <c>Phase7E</c> into the full id of the migration that ends that phase.</summary>
internal static class MigrationTargetResolver
{
    /// <returns>The migration id to migrate to, or null for "all".</returns>
    public static string? Resolve(string? target, IReadOnlyList<string> knownMigrations)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            return null;
        }

        var matches = knownMigrations
            .Where(id => id.Equals(target, StringComparison.OrdinalIgnoreCase)
                || id.EndsWith('_' + target, StringComparison.OrdinalIgnoreCase)
                || id.Split('_').Skip(1).FirstOrDefault()?.Equals(target, StringComparison.OrdinalIgnoreCase) == true)
            .ToList();

        return matches.Count switch
        {
            0 => throw new InvalidOperationException(
                $"Unknown migration target '{target}'. Known migrations: {string.Join(", ", knownMigrations)}."),
            _ => matches[^1],
        };
    }
}

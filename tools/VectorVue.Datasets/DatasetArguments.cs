namespace VectorVue.Datasets;

/// <summary>
/// The datasets program's arguments: <c>build [--window 1h|24h|7d|30d] [--tenant UUID] [--end ISO-8601]</c> or
/// <c>export (--id UUID | --window W [--end ISO-8601]) [--output FILE]</c>.
/// </summary>
internal sealed record DatasetArguments(
    string Action, IReadOnlyList<DatasetWindow> Windows, Guid? TenantId, DateTimeOffset? End, Guid? FeatureSetId, string? Output)
{
    public const string Usage = """
        usage: datasets build  [--window 1h|24h|7d|30d] [--tenant <uuid>] [--end <ISO-8601>]
               datasets export (--id <feature-set uuid> | --window <w> [--end <ISO-8601>]) [--output <file.csv>]
        build: computes every active tenant's feature set for each window (all four by default) ending at --end
               (default: the current hour, UTC) into analytics.feature_sets / analytics.features, with its dataset_hash.
        export: writes feature sets as CSV (one row per feature set, one column per feature) to --output or stdout.
        """;

    public static (DatasetArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("build" or "export"))
        {
            return (null, "Say 'build' or 'export'.");
        }

        string? window = null, tenant = null, end = null, id = null, output = null;
        for (var i = 1; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                return (null, $"'{args[i]}' needs a value.");
            }

            var value = args[i + 1];
            switch (args[i])
            {
                case "--window": window = value; break;
                case "--tenant": tenant = value; break;
                case "--end": end = value; break;
                case "--id": id = value; break;
                case "--output": output = value; break;
                default: return (null, $"Unknown option '{args[i]}'.");
            }
        }

        IReadOnlyList<DatasetWindow> windows = DatasetWindow.All;
        if (window is not null)
        {
            if (DatasetWindow.Find(window) is not { } found)
            {
                return (null, $"--window must be one of {string.Join(", ", DatasetWindow.All.Select(w => w.Name))} (got '{window}').");
            }

            windows = [found];
        }

        Guid? tenantId = null;
        if (tenant is not null)
        {
            if (!Guid.TryParse(tenant, out var parsed))
            {
                return (null, $"--tenant must be a UUID (got '{tenant}').");
            }

            tenantId = parsed;
        }

        DateTimeOffset? endAt = null;
        if (end is not null)
        {
            if (!DateTimeOffset.TryParse(end, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var parsedEnd))
            {
                return (null, $"--end must be an ISO-8601 instant (got '{end}').");
            }

            endAt = parsedEnd.ToUniversalTime();
        }

        Guid? featureSetId = null;
        if (id is not null)
        {
            if (!Guid.TryParse(id, out var parsedId))
            {
                return (null, $"--id must be a UUID (got '{id}').");
            }

            featureSetId = parsedId;
        }

        if (args[0] == "export" && featureSetId is null && window is null)
        {
            return (null, "export needs --id or --window.");
        }

        return (new DatasetArguments(args[0], windows, tenantId, endAt, featureSetId, output), null);
    }
}

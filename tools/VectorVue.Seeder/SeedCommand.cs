using System.Globalization;
using Npgsql;
using VectorVue.DevTokens;

namespace VectorVue.Seeder;

/// <summary>
/// <c>make seed-clients</c>: checks the database, generates the plan's history while loading it, then prints the
/// tenants with their counts and tokens. Exit codes: 0 done, 1 database problem, 2 bad arguments, 130 cancelled.
/// </summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(
        string[] args, TimeProvider timeProvider, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        SeedOptions options;
        try
        {
            options = SeedOptions.Parse(args, timeProvider, Environment.GetEnvironmentVariable);
        }
        catch (SeedOptionsException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine(SeedOptions.Usage);
            return 2;
        }

        if (options.ConnectionString is null)
        {
            error.WriteLine($"No database: pass --connection or set {SeedOptions.ConnectionVariable} ('make seed-clients' does it for the running local database).");
            return 2;
        }

        var plan = SeedPlan.Create(options);
        await using var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        try
        {
            if (await DatabaseCheck.FindProblemAsync(dataSource, cancellationToken) is { } problem)
            {
                error.WriteLine(problem);
                return 1;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seeding {options.Events:N0} events for {plan.Tenants.Count} demo tenants (seed {options.Seed}, {options.Weeks} weeks up to {options.Anchor:yyyy-MM-ddTHH:mm:ss.fffZ}) into {DatabaseCheck.Describe(options.ConnectionString)}"));

            var loader = new CopyLoader(dataSource);
            var result = await loader.LoadAsync(plan, HistoryGenerator.Generate(plan), timeProvider, cancellationToken);
            var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Loaded in {result.Elapsed.TotalSeconds:F1} s ({result.Generated / seconds:N0} events/s): {result.Generated:N0} generated, {result.NewEvents:N0} new."));
            if (result.NewEvents == 0)
            {
                output.WriteLine("Nothing new: this spec was loaded before, and loading it again changes nothing.");
            }

            await WarnAboutOtherAnchorsAsync(plan, loader, error, cancellationToken);
            new TokenPrinter(output, DevTokenSettings.Find(out _) is { } settings ? new DevTokenFactory(settings, timeProvider) : null)
                .Print(plan, await loader.CountAsync(plan, cancellationToken));
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("Cancelled: the transaction was rolled back, nothing was stored.");
            return 130;
        }
    }

    /// <summary>
    /// A spec's tenants are named by seed and volume, not by anchor: loaded again with another anchor (another day)
    /// the ids are already there and nothing changes. Say so, rather than let the old history pass for the new.
    /// </summary>
    private static async Task WarnAboutOtherAnchorsAsync(SeedPlan plan, CopyLoader loader, TextWriter error, CancellationToken cancellationToken)
    {
        var firstEvents = plan.Tenants
            .Select(t => HistoryGenerator.Generate(t, plan.Options.Seed, plan.Options.WindowStart, plan.Options.Anchor).First())
            .ToArray();
        var stored = await loader.StoredTimestampsAsync([.. firstEvents.Select(e => (e.TenantId, e.Id))], cancellationToken);
        if (firstEvents.Any(e => stored.TryGetValue(e.Id, out var at) && at != e.Timestamp))
        {
            error.WriteLine(
                "Note: these demo tenants already hold a history generated with another anchor or window, which was kept " +
                "(stored events are append-only). Pass that ANCHOR to reproduce it exactly, or another SEED for fresh tenants.");
        }
    }
}

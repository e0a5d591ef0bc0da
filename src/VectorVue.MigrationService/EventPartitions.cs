using Microsoft.EntityFrameworkCore;
using VectorVue.MigrationService.Migrations;

namespace VectorVue.MigrationService;

/// <summary>
/// Makes sure <c>client_activity_events</c> has its monthly partitions at every run, so that a new database has them
/// before the worker starts: from the month of the oldest event (in a partition already, or waiting in the default
/// partition) or this month, whichever is older, through three months ahead. The worker's maintenance keeps them
/// coming after that (docs/storage.md).
/// </summary>
internal static partial class EventPartitions
{
    public const int MonthsAhead = 3;

    public static async Task EnsureAsync(DbContext db, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        if (!applied.Any(id => id.EndsWith('_' + nameof(Storage_PartitionedIncremental), StringComparison.Ordinal)))
        {
            return; // a target before the partitioned table
        }

        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
        var through = today.AddMonths(MonthsAhead);
        // The oldest partition's month comes from its name (client_activity_events_pYYYYMM), the default partition's
        // oldest row from the partition itself: it holds only what arrived for a month without a partition.
        var created = await db.Database.SqlQuery<int>(
            $$"""
            SELECT public.ensure_event_partitions(
                LEAST({{today}},
                      (SELECT min(to_date(substr(c.relname, 25), 'YYYYMM'))
                       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                       WHERE i.inhparent = 'public.client_activity_events'::regclass
                         AND c.relname ~ '^client_activity_events_p[0-9]{6}$'),
                      (SELECT min(("timestamp" AT TIME ZONE 'UTC')::date) FROM public.client_activity_events_default)),
                {{through}}) AS "Value"
            """).SingleAsync(cancellationToken);
        LogEnsured(logger, created, through.Year, through.Month);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event partitions: {Created} created; every month from the oldest event's through {Year}-{Month:00} has one")]
    private static partial void LogEnsured(ILogger logger, int created, int year, int month);
}

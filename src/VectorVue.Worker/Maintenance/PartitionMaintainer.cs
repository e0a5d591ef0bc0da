using Microsoft.Extensions.Options;
using Npgsql;
using VectorVue.Worker.Health;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// One maintenance run of the monthly partitions of <c>client_activity_events</c>: creates the missing ones from the
/// previous month through <see cref="PartitionOptions.MonthsAhead"/> months ahead (moving rows of those months out of
/// the default partition), then drops the months older than the retention, with their receipts and daily rows —
/// both through the migration's SECURITY DEFINER functions, which the worker's role may only execute
/// (docs/storage.md, "Maintenance and retention"). Runs of this process never overlap; runs of several workers may
/// (the functions serialise themselves).
/// </summary>
internal sealed partial class PartitionMaintainer(
    NpgsqlDataSource dataSource,
    IOptions<PartitionOptions> options,
    WorkerMetrics metrics,
    PartitionHealth health,
    TimeProvider timeProvider,
    ILogger<PartitionMaintainer> logger) : IDisposable
{
    /// <summary>
    /// Creating a partition moves that month's rows out of the default partition, which can take a while when many
    /// arrived before their partition existed; dropping is quick.
    /// </summary>
    private const int CommandTimeoutSeconds = 300;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task<PartitionRun> RunAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var plan = PartitionPlan.At(timeProvider.GetUtcNow(), options.Value);
            var run = await RunAsync(plan, cancellationToken);
            health.Succeeded(run);
            return run;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            health.Failed(ex);
            throw;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<PartitionRun> RunAsync(PartitionPlan plan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var created = await EnsureAsync(connection, plan.EnsureFrom, plan.EnsureThrough, cancellationToken);
        var dropped = plan.DropBefore is { } before ? await DropAsync(connection, before, cancellationToken) : [];
        return new PartitionRun(plan.EnsureFrom, plan.EnsureThrough, created, plan.DropBefore, dropped, timeProvider.GetUtcNow());
    }

    private async Task<int> EnsureAsync(NpgsqlConnection connection, DateOnly from, DateOnly through, CancellationToken cancellationToken)
    {
        await using var ensure = new NpgsqlCommand("SELECT public.ensure_event_partitions($1, $2)", connection)
        {
            CommandTimeout = CommandTimeoutSeconds,
            Parameters = { new() { Value = from }, new() { Value = through } },
        };
        var created = (int)(await ensure.ExecuteScalarAsync(cancellationToken))!;
        metrics.PartitionsCreated(created);
        if (created > 0)
        {
            LogCreated(logger, created, from, through);
        }

        return created;
    }

    private async Task<string[]> DropAsync(NpgsqlConnection connection, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var drop = new NpgsqlCommand("SELECT public.drop_event_partitions($1)", connection)
        {
            CommandTimeout = CommandTimeoutSeconds,
            Parameters = { new() { Value = before } },
        };
        var dropped = await drop.ExecuteScalarAsync(cancellationToken) as string[] ?? [];
        metrics.PartitionsDropped(dropped.Length);
        if (dropped.Length > 0)
        {
            LogDropped(logger, dropped.Length, dropped, before, options.Value.RetentionDays);
        }

        return dropped;
    }

    public void Dispose() => _oneAtATime.Dispose();

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Created {Count} monthly partitions of client_activity_events for the months {From:yyyy-MM} through {Through:yyyy-MM}")]
    private static partial void LogCreated(ILogger logger, int count, DateOnly from, DateOnly through);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Dropped {Count} monthly partitions of client_activity_events older than {Before:O} (retention {RetentionDays} days): {Partitions}")]
    private static partial void LogDropped(ILogger logger, int count, string[] partitions, DateTimeOffset before, int retentionDays);
}

using Microsoft.Extensions.Options;

namespace VectorVue.Worker.Maintenance;

/// <summary>
/// Keeps the monthly partitions ahead of the events and drops the ones past the retention: a run when the worker
/// starts and one every <see cref="PartitionOptions.Interval"/> (<see cref="PartitionMaintainer"/>). A failed run —
/// PostgreSQL down, a lock held too long — is logged and tried again at the next interval; it never stops the worker,
/// whose events meanwhile land in an existing partition or the default one.
/// </summary>
internal sealed partial class PartitionMaintenance(
    PartitionMaintainer maintainer,
    IOptions<PartitionOptions> options,
    TimeProvider timeProvider,
    ILogger<PartitionMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        do
        {
            try
            {
                await maintainer.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRunFailed(logger, ex, options.Value.Interval);
            }
        }
        while (await WaitForNextRunAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitForNextRunAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Partition maintenance failed; retrying in {Interval}")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, TimeSpan interval);
}

using Microsoft.Extensions.Options;
using VectorVue.Contracts;
using VectorVue.Worker.Health;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Drains the events streams — one per shard — into PostgreSQL through a consumer group: runs
/// <see cref="WorkerOptions.Consumers"/> drain loops side by side (<see cref="DrainLoop"/>), each a consumer of its own
/// reading the shards <see cref="ShardAssignment"/> gives it, and restarts a loop that fails
/// with an exception it does not handle itself — logged, counted, after a capped, jittered backoff, and reported
/// unhealthy while it keeps failing (<see cref="DrainLoopHealth"/>) — so one failing loop never silently leaves
/// the others to drain alone. What the failed loop had read stays pending at its consumer and is re-read first.
/// </summary>
/// <remarks>
/// The path of an entry, in the order of the worker's folders: read here (<see cref="DrainLoop"/>,
/// <see cref="BlockingStreamReader"/>); decoded into its events (<see cref="StreamEntryDecoder"/>) and stored
/// (<see cref="BatchStorer"/>, <see cref="BatchIsolation"/>, <c>Storage/EventWriter</c>); acknowledged, its events
/// leaving the shard's queued-events counter (<c>Acknowledging/StreamAcknowledger</c>); or, refused for good,
/// dead-lettered event by event (<c>DeadLetters/</c>). <c>Maintenance/</c> trims what every group has acknowledged.
/// </remarks>
internal sealed partial class StreamDrainer(
    IServiceProvider services,
    ConsumerIdentity consumer,
    StreamShards shards,
    DrainLoopHealth loopHealth,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<StreamDrainer> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = consumer.Names;
        return Task.WhenAll(names.Select((name, loop) =>
        {
            var served = ShardAssignment.ShardsOf(loop, names.Count, shards.Count);
            return Task.Run(() => SuperviseAsync(name, served, stoppingToken), CancellationToken.None);
        }));
    }

    private async Task SuperviseAsync(string consumerName, IReadOnlyList<int> served, CancellationToken stoppingToken)
    {
        var options = workerOptions.Value;
        var backoff = new Backoff(options.RetryBaseDelay, options.RetryMaxDelay, Random.Shared);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A fresh loop: it starts over from its consumer's pending entries.
                await ActivatorUtilities.CreateInstance<DrainLoop>(services, consumerName, served).RunAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var failures = loopHealth.Failed(consumerName, ex);
                if (failures == 1)
                {
                    backoff.Reset(); // the loop had made progress since its last failure
                }

                metrics.LoopRestarted(ex);
                var delay = backoff.NextDelay();
                LogLoopFailed(logger, ex, consumerName, failures, delay.TotalMilliseconds);
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Drain loop {Consumer} failed ({Failures} in a row without progress); restarting it in {DelayMs:0} ms")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string consumer, int failures, double delayMs);
}

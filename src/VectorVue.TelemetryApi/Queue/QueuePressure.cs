using Microsoft.Extensions.Options;
using StackExchange.Redis;
using VectorVue.Contracts;
using VectorVue.TelemetryApi.Ingestion;

namespace VectorVue.TelemetryApi.Queue;

/// <summary>
/// Back-pressure: samples the stream's length and tells the endpoints when the backlog has passed the high-water
/// mark, so the API answers 503 instead of letting Redis fill up while the workers are stopped or slow. Sampling
/// (not a read per request) keeps the hot path at one Redis round trip for the limit and one for the write.
/// </summary>
internal sealed partial class QueuePressure(
    IConnectionMultiplexer redis,
    IOptions<EventStreamOptions> streamOptions,
    IOptions<IngestionOptions> ingestionOptions,
    TimeProvider timeProvider,
    ILogger<QueuePressure> logger) : BackgroundService
{
    private volatile bool _overHighWaterMark;

    public bool IsOverHighWaterMark => _overHighWaterMark;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = ingestionOptions.Value;
        using var timer = new PeriodicTimer(options.QueuePressureSampleInterval, timeProvider);
        do
        {
            try
            {
                var length = await redis.GetDatabase().StreamLengthAsync(streamOptions.Value.StreamKey);
                var over = length >= options.QueueHighWaterMark;
                if (over != _overHighWaterMark)
                {
                    _overHighWaterMark = over;
                    LogPressureChanged(logger, over ? "over" : "back under", length, options.QueueHighWaterMark);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis being unreachable is answered by the write itself failing (503); keep the last reading.
            }

            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        while (!stoppingToken.IsCancellationRequested);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event stream backlog is {State} the high-water mark: {Length} entries (mark {HighWaterMark})")]
    private static partial void LogPressureChanged(ILogger logger, string state, long length, long highWaterMark);
}

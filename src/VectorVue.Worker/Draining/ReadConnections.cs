using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace VectorVue.Worker.Draining;

/// <summary>
/// Opens the Redis connection a drain loop waits for new entries on. <c>XREADGROUP BLOCK</c> holds its connection
/// until entries arrive or the block ends, and a StackExchange.Redis multiplexer sends every command over one socket
/// per server, in order: a blocked read on the multiplexer the rest of the worker shares would hold up every
/// acknowledgement, takeover and maintenance command queued behind it — and a second loop's read behind the first's.
/// So each loop reads on a multiplexer of its own that carries nothing else, configured like the shared one (the same
/// endpoints, credentials and TLS: Aspire's <see cref="ConfigurationOptions"/> for <c>ConnectionStrings:redis</c>),
/// with an async timeout longer than the block by the configured timeout, so a blocked read is never timed out by
/// the client while a dead server still is.
/// </summary>
internal sealed class ReadConnections(IOptions<ConfigurationOptions> redisOptions, IOptions<WorkerOptions> workerOptions)
{
    public async Task<IConnectionMultiplexer> ConnectAsync(string consumer)
    {
        var options = redisOptions.Value.Clone();
        options.ClientName = $"{consumer}-reads";
        options.AsyncTimeout += (int)Math.Ceiling(workerOptions.Value.ReadBlockTime.TotalMilliseconds);
        // With AbortOnConnectFail off (Aspire's default) this returns at once and keeps connecting in the background
        // while Redis is down; the loop's reads fail meanwhile and it backs off as after any Redis failure.
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}

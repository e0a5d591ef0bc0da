using System.Security.Cryptography;
using System.Text;

namespace VectorVue.AppHost.Infrastructure;

/// <summary>
/// A service's Redis ACL user (Redis 6.2+): the commands its code runs, on the <c>vectorvue:*</c> keys only, no
/// pub/sub channel. Anything else — reading another service's structures, FLUSHALL, CONFIG, ACL, KEYS, DEL — is
/// refused with <c>NOPERM</c>. The default user stays, with the server password, for the operator and the AppHost's
/// health check; no service connects as it.
/// </summary>
internal sealed record RedisServiceUser(string Name, IReadOnlyList<string> Commands)
{
    /// <summary>Every key the services use: the events streams, their queued-events counters, the dead-letter stream, the rate-limit windows.</summary>
    public const string KeyPattern = "vectorvue:*";

    /// <summary>
    /// What StackExchange.Redis itself sends: <c>ECHO</c> (its connection check; it refuses a connection without
    /// it), <c>PING</c> (keep-alive, the health check), <c>CLIENT SETNAME</c>, and on a Redis Cluster <c>CLUSTER NODES</c>
    /// (how it learns which node holds which slot) and <c>CLUSTER INFO</c> (the services' Redis health check asks each
    /// node for <c>cluster_state:ok</c>); a single Redis answers these with an error, which is ignored. Refusals of the rest of its handshake
    /// (<c>GET</c> of its tie-breaker key, <c>CONFIG GET</c>, <c>INFO</c> for the API, <c>CLIENT SETINFO</c>) are expected
    /// and harmless.
    /// </summary>
    private static readonly string[] Client = ["ping", "echo", "client|setname", "cluster|nodes", "cluster|info"];

    /// <summary>
    /// The API: its two scripts (<c>EVALSHA</c>, <c>EVAL</c> when Redis does not have one cached) and the commands they
    /// call — <c>TIME</c>; <c>HGETALL</c>, <c>HINCRBY</c>, <c>HDEL</c>, <c>PEXPIRE</c> on the rate-limit windows; <c>GET</c>,
    /// <c>INCRBY</c> on a shard's queued-events counter and <c>XADD</c> to its stream (admission and queueing in one).
    /// </summary>
    public static readonly RedisServiceUser Api = new("vectorvue-api",
    [
        .. Client,
        "evalsha", "eval", "time", "hgetall", "hincrby", "hdel", "pexpire", "get", "incrby", "xadd",
    ]);

    /// <summary>
    /// The worker: the consumer group (<c>XGROUP CREATE</c>, <c>XREADGROUP</c>, <c>XAUTOCLAIM</c>, <c>XPENDING</c>), its
    /// scripts (<c>EVALSHA</c>, <c>EVAL</c> when Redis does not have one cached) with the commands they call — the
    /// acknowledgement (<c>XACK</c>, <c>DECRBY</c> of the shard's queued-events counter), the re-drive (<c>GET</c>,
    /// <c>XADD</c>, <c>INCRBY</c>) and the counter's resynchronisation (<c>GET</c>, <c>EXISTS</c>, <c>XINFO GROUPS</c>,
    /// <c>XRANGE</c>, <c>DECRBY</c>) — <c>XADD</c> to the dead-letter stream, the streams' maintenance (<c>EXISTS</c>,
    /// <c>XINFO GROUPS</c>, <c>XINFO CONSUMERS</c>, <c>XTRIM</c>, <c>XLEN</c>, <c>GET</c> of the counter,
    /// <c>XGROUP DELCONSUMER</c>), and <c>INFO</c> for its start-up durability check. No <c>SET</c>: nothing it runs overwrites a key.
    /// </summary>
    public static readonly RedisServiceUser Worker = new("vectorvue-worker",
    [
        .. Client,
        "xgroup|create", "xreadgroup", "xautoclaim", "xpending", "xack",
        "evalsha", "eval", "get", "decrby", "incrby", "xrange",
        "xadd",
        "exists", "xinfo|groups", "xinfo|consumers", "xtrim", "xlen", "xgroup|delconsumer",
        "info",
    ]);

    /// <summary>Each user's name and rules, its password read from its parameter now (when Redis is about to start).</summary>
    public static async Task<IReadOnlyList<(string Name, IReadOnlyList<string> Rules)>> RulesOfAsync(
        IEnumerable<(RedisServiceUser User, ParameterResource Password)> users, CancellationToken cancellationToken)
    {
        var rules = new List<(string, IReadOnlyList<string>)>();
        foreach (var (user, password) in users)
        {
            var value = await password.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"The parameter {password.Name} has no value.");
            rules.Add((user.Name, user.Rules(value)));
        }

        return rules;
    }

    /// <summary>
    /// The user's ACL rules, after <c>user &lt;name&gt;</c> (a configuration line or <c>ACL SETUSER</c>). The password
    /// is given as its SHA-256 (<c>#…</c>), so the rules can be shown without showing the password.
    /// </summary>
    public IReadOnlyList<string> Rules(string password) =>
        ["reset", "on", "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password))), "~" + KeyPattern, "-@all",
         .. Commands.Select(command => "+" + command)];
}

using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace VectorVue.Redis;

/// <summary>
/// A Lua script sent by its SHA1 (<c>EVALSHA</c>): a few dozen bytes per call instead of its text, which Redis would
/// otherwise receive and hash on every call (StackExchange.Redis sends a script given as text with <c>EVAL</c> each
/// time). A server that does not have it yet answers <c>NOSCRIPT</c>, without running anything; the script is then
/// sent once as text (<c>EVAL</c>), which also caches it there. Each server learns it on first use, so it works on
/// every node of a cluster, after a restart and after <c>SCRIPT FLUSH</c>, and needs no <c>SCRIPT LOAD</c>. The API's
/// admission and limiter scripts and the worker's acknowledgement, re-drive and counter scripts all go through it.
/// </summary>
public sealed class RedisScript(string text)
{
    // SHA1 names the script in Redis' cache (EVALSHA); it protects nothing.
#pragma warning disable CA5350
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350

    public string Text => text;

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            return await database.ScriptEvaluateAsync(_sha1, keys, values);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(text, keys, values);
        }
    }
}

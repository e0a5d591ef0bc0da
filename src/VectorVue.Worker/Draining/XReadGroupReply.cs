using StackExchange.Redis;

namespace VectorVue.Worker.Draining;

/// <summary>
/// The entries in Redis' raw answer to <c>XREADGROUP … STREAMS &lt;one stream&gt; &gt;</c> sent through
/// <c>ExecuteAsync</c> (StackExchange.Redis' typed API has no <c>BLOCK</c>). Redis answers null when the block ended
/// with nothing new; otherwise, per stream, its name and its entries, each an id and a flat list of fields and
/// values — as an array of [name, entries] pairs (RESP2) or a map of name to entries (RESP3, which the client flattens
/// to name, entries). An entry deleted since it was delivered has no fields (nil): it is returned with none.
/// </summary>
internal static class XReadGroupReply
{
    public static StackExchange.Redis.StreamEntry[] EntriesOf(RedisResult reply)
    {
        if (reply.IsNull || (RedisResult[]?)reply is not { Length: > 0 } streams)
        {
            return [];
        }

        // RESP2: [[name, entries], …]; RESP3 map, flattened: [name, entries, …]. One stream was asked for.
        var entries = streams[0].Resp2Type == ResultType.Array && (RedisResult[]?)streams[0] is [_, var nested]
            ? nested
            : streams.Length >= 2 ? streams[1] : throw Unexpected(reply);
        if (entries.IsNull)
        {
            return [];
        }

        var raw = (RedisResult[])entries!;
        var result = new StackExchange.Redis.StreamEntry[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if ((RedisResult[]?)raw[i] is not [var id, var fields])
            {
                throw Unexpected(reply);
            }

            result[i] = new StackExchange.Redis.StreamEntry((RedisValue)id, FieldsOf(fields));
        }

        return result;
    }

    private static NameValueEntry[] FieldsOf(RedisResult fields)
    {
        if (fields.IsNull || (RedisResult[]?)fields is not { } flat)
        {
            return [];
        }

        var values = new NameValueEntry[flat.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new NameValueEntry((RedisValue)flat[2 * i], (RedisValue)flat[(2 * i) + 1]);
        }

        return values;
    }

    private static InvalidOperationException Unexpected(RedisResult reply) =>
        new($"Unexpected XREADGROUP reply from Redis ({reply.Resp2Type}, {reply.Length} elements).");
}

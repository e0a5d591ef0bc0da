namespace VectorVue.Contracts;

/// <summary>
/// The shard layout of the events queue (docs/delivery.md, "Shards"): which stream a tenant's events go to, and the
/// keys that live beside each stream. Every key of one shard carries the shard's hash tag, so on a Redis Cluster
/// they share one slot and one script can touch them all; with <see cref="EventStreamOptions.Shards"/> shards and as
/// many cluster nodes (slots given out in equal ranges, in order, as <c>redis-cli --cluster create</c> does), each
/// shard lives on a node of its own. Pure and stable: the same answers in every process, on every machine.
/// </summary>
public sealed class StreamShards
{
    /// <summary>Prefix of each shard's counter of queued events.</summary>
    public const string QueuedCounterPrefix = "vectorvue:queued:";

    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    private readonly string[] _tags;
    private readonly string[] _streamKeys;
    private readonly string[] _counterKeys;

    public StreamShards(EventStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Shards, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Shards, EventStreamOptions.MaxShards);
        if (string.IsNullOrEmpty(options.StreamKey) || options.StreamKey.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("The stream key must be non-empty and hold no braces.", nameof(options));
        }

        Count = options.Shards;
        StreamKeyStem = options.StreamKey;
        _tags = [.. Enumerable.Range(0, Count).Select(FindTag)];
        _streamKeys = [.. Enumerable.Range(0, Count).Select(shard => Count == 1 ? StreamKeyStem : $"{StreamKeyStem}:{{{_tags[shard]}}}")];
        _counterKeys = [.. _tags.Select(tag => QueuedCounterPrefix + "{" + tag + "}")];
    }

    /// <summary>How many shards there are.</summary>
    public int Count { get; }

    /// <summary>The configured <see cref="EventStreamOptions.StreamKey"/>.</summary>
    public string StreamKeyStem { get; }

    /// <summary>Every shard's stream key, shard 0 first.</summary>
    public IReadOnlyList<string> StreamKeys => _streamKeys;

    /// <summary>
    /// The tenant's shard: FNV-1a (64 bit) over the 16 bytes of <see cref="Guid.ToByteArray()"/>, modulo
    /// <see cref="Count"/>. A tenant's events always go to one shard, so their order holds within it.
    /// </summary>
    public int ShardOf(Guid tenantId) => (int)(Fnv1a64(tenantId) % (ulong)Count);

    /// <summary>
    /// The hash tag of a shard: with one shard the stream key itself (so the single stream keeps its plain name);
    /// otherwise the first <c>"{StreamKey}.{shard}.{k}"</c> (k = 0, 1, …) whose hash slot lies inside the shard's
    /// range of slots (<see cref="SlotRange"/>).
    /// </summary>
    public string HashTag(int shard) => _tags[Checked(shard)];

    /// <summary>
    /// The shard's stream: with one shard <see cref="EventStreamOptions.StreamKey"/>; otherwise
    /// <c>StreamKey:{HashTag(shard)}</c>.
    /// </summary>
    public string StreamKey(int shard) => _streamKeys[Checked(shard)];

    /// <summary>The stream of the tenant's shard.</summary>
    public string StreamKeyOf(Guid tenantId) => _streamKeys[ShardOf(tenantId)];

    /// <summary>
    /// The shard's counter of queued events (a string holding an integer): <c>vectorvue:queued:{HashTag(shard)}</c>.
    /// The API adds the events of each entry it writes; the workers subtract them when they acknowledge it.
    /// </summary>
    public string QueuedCounterKey(int shard) => _counterKeys[Checked(shard)];

    /// <summary>
    /// The slots a shard's hash tag may hash to: its equal share <c>[shard * 16384 / Count, (shard + 1) * 16384 / Count)</c>
    /// without that share's first slot, which a cluster that rounds its ranges (as <c>redis-cli --cluster create</c>
    /// does) may give to the previous node.
    /// </summary>
    public (int First, int End) SlotRange(int shard)
    {
        Checked(shard);
        var start = shard * RedisHashSlot.Count / Count;
        var end = (shard + 1) * RedisHashSlot.Count / Count;
        return (start + 1, end);
    }

    /// <summary>FNV-1a, 64 bit, over the 16 bytes of <see cref="Guid.ToByteArray()"/> (little-endian first fields).</summary>
    public static ulong Fnv1a64(Guid tenantId)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!tenantId.TryWriteBytes(bytes))
        {
            throw new InvalidOperationException("A Guid is 16 bytes.");
        }

        var hash = FnvOffsetBasis;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }

    private string FindTag(int shard)
    {
        if (Count == 1)
        {
            return StreamKeyStem;
        }

        var (first, end) = SlotRange(shard);
        for (var k = 0; ; k++)
        {
            var tag = $"{StreamKeyStem}.{shard}.{k}";
            var slot = RedisHashSlot.Of(tag);
            if (slot >= first && slot < end)
            {
                return tag;
            }
        }
    }

    private int Checked(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, Count);
        return shard;
    }
}
